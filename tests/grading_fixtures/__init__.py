"""A tiny synthetic assignment ("99-fixture") for the autograder's own tests."""
