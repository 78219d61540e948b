"""`python -m autograder` / `course-autograder`: placeholder until the CLI lands."""


def main(argv=None):
    raise SystemExit("the autograder command line is not built yet")


if __name__ == "__main__":
    main()
