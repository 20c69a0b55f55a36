"""sendkg: a knowledge graph of SEND and children's services plans and governance."""

__version__ = "0.1.0"
