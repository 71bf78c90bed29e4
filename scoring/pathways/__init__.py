"""The pathways: guided decisions that include scores, each declared once as data."""
