"""The soccheck command line (cli.main): a thin click layer over the library."""
