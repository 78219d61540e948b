"""Values as data between the grader and the student's worker: JSON for structure, npz for arrays.

Nothing is ever unpickled: arrays travel in an npz archive read back with
``allow_pickle=False``, everything else is JSON (dicts, tuples, lists,
numbers, strings, None).  A value of another kind (a function, an object of a
class the student wrote) becomes an `Opaque` that only remembers its type name
and a short repr, enough for a feedback message.

A frame on a socket is ``struct("!II")`` (JSON length, npz length), then the
JSON header, then the npz bytes.  This module runs on both sides, so it only
imports the standard library and numpy.

The grader reads what the student's process sends, so every read is bounded
while it happens: a frame's two lengths are checked before a byte of it is
read, the JSON's nesting depth while it is parsed, and an npz archive's
members (stored, never compressed) and the arrays their headers declare
before any array is allocated.  Anything over a bound raises `TooLarge`,
anything malformed `ValueError`: a hostile reply costs the grader at most the
bytes the bounds allow.
"""

import builtins
import io
import json
import math
import numbers
import os
import struct
import zipfile

import numpy as np

# our own copies of the builtins: a student who replaces `builtins.max` does not break this module
globals().update({_name: getattr(builtins, _name) for _name in dir(builtins) if not _name.startswith("_")})

HEADER = struct.Struct("!II")
MAX_DEPTH = 32
ARRAY_KINDS = "biufcUS"
MAX_JSON_BYTES = 4 << 20  # the structure of a reply; arrays travel in the npz part
MAX_ARRAYS = 10_000


class Opaque:
    """A value the transport does not carry (e.g. a function): its type name and repr."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)

    __hash__ = None


def _opaque_class(type_name):
    # `checks.compare` names the type of a wrong value with `type(actual).__name__`
    safe = "".join(c for c in str(type_name)[:60] if c.isalnum() or c == "_") or "object"
    return type(safe, (Opaque,), {})


class TooLarge(ValueError):
    """The encoded value is larger than the caller allows."""


def encode(value, max_bytes=None):
    """``(json_bytes, npz_bytes)`` for `value`; raise `TooLarge` beyond `max_bytes`."""
    arrays = []
    budget = [0]

    def walk(v, depth):
        if depth > MAX_DEPTH:
            return {"t": "opaque", "type": type(v).__name__, "repr": "<nested too deeply>"}
        if v is None or isinstance(v, (bool, str)):
            if isinstance(v, str):
                budget[0] += len(v)
                _check(budget[0])
            return v
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, numbers.Integral) and not isinstance(v, np.ndarray):
            v = int(v)
            return v if abs(v) < 2 ** 53 else {"t": "bigint", "v": str(v)}
        if isinstance(v, numbers.Real) and not isinstance(v, np.ndarray):
            v = float(v)
            return v if math.isfinite(v) else {"t": "float", "v": repr(v)}
        if isinstance(v, np.ndarray) or isinstance(v, np.generic) and v.dtype.kind in ARRAY_KINDS:
            v = np.asarray(v)
            if v.dtype.kind not in ARRAY_KINDS or v.dtype.hasobject or v.dtype.fields:
                return _opaque(v)
            budget[0] += v.nbytes
            _check(budget[0])
            arrays.append(np.ascontiguousarray(v))
            return {"t": "nd", "i": len(arrays) - 1}
        if isinstance(v, tuple):
            return {"t": "tuple", "v": [walk(x, depth + 1) for x in v]}
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if isinstance(v, dict):
            keys = list(v)
            return {"t": "dict", "k": [walk(k, depth + 1) for k in keys],
                    "v": [walk(v[k], depth + 1) for k in keys]}
        if isinstance(v, complex):
            return {"t": "complex", "v": [v.real, v.imag]}
        return _opaque(v)

    def _opaque(v):
        try:
            text = repr(v)
        except Exception:
            text = "<unprintable>"
        return {"t": "opaque", "type": type(v).__name__[:60], "repr": text[:200]}

    def _check(size):
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(f"the value is larger than {max_bytes} bytes")

    tree = walk(value, 0)
    header = json.dumps(tree).encode()
    _check(len(header) + budget[0])
    if not arrays:
        return header, b""
    buffer = io.BytesIO()
    np.savez(buffer, *arrays)
    return header, buffer.getvalue()


def decode(header, payload, max_bytes=None):
    """The value `encode` encoded; arrays are read with ``allow_pickle=False``, within `max_bytes`."""
    return decode_tree(loads(header), payload, max_bytes)


def loads(header):
    """`json.loads` within `MAX_JSON_BYTES`; too deep a nesting is a `ValueError`, not a crash."""
    if len(header) > MAX_JSON_BYTES:
        raise TooLarge(f"a message of {len(header)} bytes of JSON (the limit is {MAX_JSON_BYTES})")
    try:
        return json.loads(header)
    except RecursionError:
        raise ValueError("the message is nested too deeply") from None


def read_arrays(payload, max_bytes=None):
    """The arrays of an npz archive, checked before they are allocated.

    Only stored (uncompressed) members are accepted, so no member expands;
    each member's declared size and the size of the array its ``.npy``
    header declares count against `max_bytes` before the array exists.
    """
    budget = max_bytes if max_bytes is not None else 4 * len(payload) + (1 << 20)
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as error:
        raise ValueError(f"the arrays are not an npz archive: {error}") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ARRAYS:
            raise TooLarge(f"{len(members)} arrays in one message (the limit is {MAX_ARRAYS})")
        by_name = {}
        for member in members:
            if member.compress_type != zipfile.ZIP_STORED:
                raise ValueError("compressed arrays are not accepted")
            budget -= member.file_size
            if budget < 0:
                raise TooLarge("the arrays are larger than the reply limit")
            by_name[member.filename] = member
        arrays = []
        for i in range(len(by_name)):
            member = by_name.get(f"arr_{i}.npy")
            if member is None:
                raise ValueError(f"array {i} is missing from the message")
            with archive.open(member) as stream:
                version = np.lib.format.read_magic(stream)
                if version not in ((1, 0), (2, 0), (3, 0)):
                    raise ValueError(f"unknown array format {version}")
                read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                               else np.lib.format.read_array_header_2_0)
                shape, fortran, dtype = read_header(stream)
                if dtype.hasobject or dtype.kind not in ARRAY_KINDS:
                    raise ValueError("object arrays are not accepted")
                size = int(np.prod(shape, dtype=object)) * dtype.itemsize
                if size > member.file_size:
                    raise ValueError("an array is larger than the bytes sent for it")
                data = stream.read(size)
            if len(data) != size:
                raise ValueError("an array is shorter than its header says")
            array = np.frombuffer(data, dtype=dtype, count=size // dtype.itemsize if dtype.itemsize else 0)
            array = array.reshape(shape[::-1]).T if fortran else array.reshape(shape)
            arrays.append(array.copy())
        return arrays


def decode_tree(tree, payload, max_bytes=None):
    """`decode` for a header already parsed from JSON."""
    arrays = read_arrays(payload, max_bytes) if payload else None

    def walk(v, depth):
        if depth > MAX_DEPTH + 2:
            raise ValueError("nested too deeply")
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if not isinstance(v, dict):
            raise ValueError(f"unexpected {type(v).__name__} in a message")
        kind = v.get("t")
        if kind == "nd":
            if arrays is None or not isinstance(v.get("i"), int) or not 0 <= v["i"] < len(arrays):
                raise ValueError("a message names an array it does not carry")
            array = arrays[v["i"]]
            if array.dtype.hasobject:
                raise ValueError("object arrays are not accepted")
            return array
        if kind == "tuple":
            return tuple(walk(x, depth + 1) for x in v["v"])
        if kind == "dict":
            out = {}
            for k, x in zip(v["k"], v["v"]):
                key = walk(k, depth + 1)
                if isinstance(key, list):
                    key = tuple(key)
                try:
                    out[key] = walk(x, depth + 1)
                except TypeError:
                    out[repr(key)] = walk(x, depth + 1)
            return out
        if kind == "bigint":
            return int(v["v"])
        if kind == "float":
            return float(v["v"])
        if kind == "complex":
            return complex(*v["v"])
        if kind == "opaque":
            return _opaque_class(v.get("type"))(str(v.get("type")), str(v.get("repr"))[:200])
        raise ValueError(f"unknown kind {kind!r} in a message")

    return walk(tree, 0)


# -- frames on a socket ------------------------------------------------------------------------

def _read_exact(sock, n):
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def send_frame(sock, header, payload=b""):
    """Send a JSON header (bytes or a JSON-able object) and an optional npz payload."""
    if not isinstance(header, bytes):
        header = json.dumps(header).encode()
    sock.sendall(HEADER.pack(len(header), len(payload)) + header + payload)


def recv_frame(sock, max_bytes=None, max_json=MAX_JSON_BYTES):
    """``(header_bytes, payload_bytes)``; raise `TooLarge` before reading a frame over the limits.

    `max_bytes` bounds the whole frame, `max_json` its JSON part.
    """
    json_len, npz_len = HEADER.unpack(_read_exact(sock, HEADER.size))
    if max_bytes is not None and json_len + npz_len > max_bytes:
        raise TooLarge(f"a reply of {json_len + npz_len} bytes (the limit is {max_bytes})")
    if max_json is not None and json_len > max_json:
        raise TooLarge(f"a reply with {json_len} bytes of JSON (the limit is {max_json})")
    header = _read_exact(sock, json_len)
    payload = _read_exact(sock, npz_len) if npz_len else b""
    return header, payload


def send_value(sock, meta, value, max_bytes=None):
    """Send `meta` (a JSON-able dict) and `value` (encoded with `encode`) in one frame."""
    send_encoded(sock, meta, *encode(value, max_bytes))


def send_encoded(sock, meta, header, payload):
    """`send_value` for a value already encoded with `encode`."""
    send_frame(sock, b'{"value":' + header + b',"meta":' + json.dumps(meta).encode() + b"}", payload)


def send_meta(sock, meta):
    """Send `meta` alone (no value)."""
    send_frame(sock, json.dumps({"meta": meta}).encode())


def split_value(header, payload, max_bytes=None):
    """``(meta, value)`` from a frame sent by `send_value` / `send_meta` (value None if none)."""
    message = loads(header)
    if not isinstance(message, dict):
        raise ValueError("a message that is not a JSON object")
    meta = message.get("meta", {})
    if not isinstance(meta, dict):
        raise ValueError("a message whose meta is not a JSON object")
    if "value" not in message:
        return meta, None
    return meta, decode_tree(message["value"], payload, max_bytes)


def close_quietly(fd):
    try:
        os.close(fd)
    except OSError:
        pass
