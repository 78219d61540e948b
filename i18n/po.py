"""Read and write the gettext ``.po`` catalogues of the translated editions.

Only the part of the format the catalogues use: a header entry, then entries
with an extracted comment (``#.``), flags (``#, fuzzy``), the previous English
text (``#| msgid``), a context (``msgctxt``, the notebook cell id), ``msgid``
(the English cell) and ``msgstr`` (the translation).  Output is deterministic:
the same entries always give the same bytes, so catalogues diff cleanly and the
build is reproducible.  Any PO editor (Poedit, Lokalize, Emacs po-mode) opens
these files.
"""

from dataclasses import dataclass, field

HEADER = ("Project-Id-Version: nndl-course\n"
          "Language: {language}\n"
          "MIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 8bit\n")

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}


class POError(ValueError):
    """A catalogue that is not valid PO (the message names the file and line)."""


@dataclass
class Entry:
    context: str
    msgid: str
    msgstr: str = ""
    fuzzy: bool = False
    previous: str | None = None
    comment: str = ""
    extra_flags: list = field(default_factory=list)


def _quote(text):
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def _field(keyword, text, prefix=""):
    """`keyword "..."`, one quoted line per line of `text` when it has several."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= 1:
        return [f"{prefix}{keyword} {_quote(text)}"]
    return [f'{prefix}{keyword} ""'] + [f"{prefix}{_quote(line)}" for line in lines]


def dumps(entries, language="zh_CN"):
    """The text of a catalogue holding `entries` (in their order)."""
    out = ['msgid ""', 'msgstr ""'] + [_quote(line) for line in HEADER.format(language=language).splitlines(True)]
    for entry in entries:
        out.append("")
        for line in entry.comment.splitlines():
            out.append(f"#. {line}".rstrip())
        flags = (["fuzzy"] if entry.fuzzy else []) + list(entry.extra_flags)
        if flags:
            out.append("#, " + ", ".join(flags))
        if entry.previous is not None:
            out += _field("msgid", entry.previous, prefix="#| ")
        out += _field("msgctxt", entry.context)
        out += _field("msgid", entry.msgid)
        out += _field("msgstr", entry.msgstr)
    return "\n".join(out) + "\n"


def _unquote(token, where):
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise POError(f"{where}: expected a quoted string, found {token[:40]!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _UNESCAPES:
                raise POError(f"{where}: unknown escape in {token[:40]!r}")
            out.append(_UNESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def loads(text, name="<catalogue>"):
    """The entries of a catalogue (the header entry left out)."""
    entries, current, key = [], None, None

    def finish():
        if current is not None and "msgid" in current:
            if current["msgid"] or current.get("msgctxt") is not None:
                entries.append(Entry(context=current.get("msgctxt", ""), msgid=current["msgid"],
                                     msgstr=current.get("msgstr", ""), fuzzy="fuzzy" in current["flags"],
                                     previous=current.get("previous"), comment="\n".join(current["comments"]),
                                     extra_flags=[f for f in current["flags"] if f != "fuzzy"]))

    def new():
        return {"flags": [], "comments": []}

    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        line = raw.strip()
        if not line:
            finish()
            current, key = None, None
            continue
        if current is None:
            current = new()
        if current.get("msgstr") is not None and (line.startswith("#") or line.startswith("msgctxt")):
            finish()
            current, key = new(), None
        if line.startswith("#."):
            current["comments"].append(line[3:] if line.startswith("#. ") else line[2:])
        elif line.startswith("#,"):
            current["flags"] += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#|"):
            rest = line[2:].strip()
            if rest.startswith("msgid "):
                current["previous"], key = _unquote(rest[6:].strip(), where), "previous"
            elif rest.startswith('"') and key == "previous":
                current["previous"] += _unquote(rest, where)
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            keyword, _, rest = line.partition(" ")
            current[keyword], key = _unquote(rest.strip(), where), keyword
        elif line.startswith('"'):
            if key is None or key == "previous":
                raise POError(f"{where}: a continuation line with nothing to continue")
            current[key] += _unquote(line, where)
        else:
            raise POError(f"{where}: cannot read {line[:40]!r}")
    finish()
    return entries
