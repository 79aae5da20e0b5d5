"""`python -m api.cli`: the same command line as `hiring-advisor`."""

from api.cli.app import main

main()
