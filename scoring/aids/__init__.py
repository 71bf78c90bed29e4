"""Decision aids (issue 8): pathways that include no score, declared as data."""
