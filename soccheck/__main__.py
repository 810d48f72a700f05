import sys

from soccheck.cli import main

sys.exit(main())
