"""The schemas of the dataset: one pydantic model per file kind, and the parts they share.

No I/O here. Unknown keys are errors everywhere (`extra="forbid"`): a misspelt key must not
be silently ignored. Fields that point at another record are declared with `ref(kind)`, so
that the reference rule, the JSON Schema and later the erasure command all find references
from one declaration instead of keeping their own lists.
"""

# The models live in model/, one module per family; this module gathers them, so that code
# and users keep importing resoc_cli.models.
from .model.common import *  # noqa: F401,F403
from .model.common import _digits, _sources  # noqa: F401
from .model.bodies import *  # noqa: F401,F403
from .model.places import *  # noqa: F401,F403
from .model.pacts import *  # noqa: F401,F403
from .model.meetings import *  # noqa: F401,F403
