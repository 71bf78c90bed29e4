"""bonemet: the composition root (command line) over scoring, dialogs and bot."""
