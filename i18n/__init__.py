"""The translated editions of the course: catalogues, and the tool that builds from them."""
