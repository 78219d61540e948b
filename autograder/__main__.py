"""`python -m autograder` / `course-autograder`: see `autograder.cli`."""

import sys

from .cli import main as _main


def main(argv=None):
    sys.exit(_main(argv))


if __name__ == "__main__":
    main()
