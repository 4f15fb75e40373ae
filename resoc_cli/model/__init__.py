"""The schemas by family; resoc_cli.models gathers them.

Pydantic plugins are switched off before any schema is built (pydantic's documented
PYDANTIC_DISABLE_PLUGINS): a plugin is any installed package's entry point, run on every model
validation, and could change what a record is taken to be without the validation cache's
fingerprint knowing. Looking for plugins also read every installed package's metadata: 9 ms of
each command's start.
"""

import os

os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
