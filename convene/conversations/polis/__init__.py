"""Pol.is interoperability: its export format in and out of Convene.

The format is Pol.is's own export (described in shared/data/polis/README.md beside the
checkout): comments.csv, the votes.csv log or participants-votes.csv, and summary.csv.
`reader` reads and validates the files, `importer` makes a conversation of them, `exporter`
writes a conversation out as them, and `map_json` runs the opinion engine on them alone.
Nothing is imported here, so the reader can be used without Django set up.
"""
