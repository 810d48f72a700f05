from soccheck.cli import run

run()
