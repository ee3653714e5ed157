"""The demo data (the film's records, example newsletter settings), installed as presskit.data."""
