"""resoc: the data of Flanders' regional socio-economic consultation bodies, as a YAML dataset."""

__version__ = "0.1.0"
