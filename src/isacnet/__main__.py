import sys

from isacnet.cli import main

sys.exit(main())
