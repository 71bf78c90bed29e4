"""`python -m bonemet` is the `bonemet` command."""

from bonemet.cli import main

raise SystemExit(main())
