"""The schemas by family; resoc_cli.models gathers them."""
