"""One module per score, each declaring its score once as data."""
