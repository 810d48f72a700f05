from soccheck.cli.main import run

run()
