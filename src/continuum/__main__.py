from continuum.cli import entry

entry()
