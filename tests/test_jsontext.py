"""jsontext.dumps writes what json.dumps(value, ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from resoc_cli.dataset import Dataset
from resoc_cli.exports import whole
from resoc_cli.jsontext import dumps
from resoc_cli.views import View

from .conftest import DATA

ODD = ["a\u2028b", "\x7f", "\x00\x1f\t\n", "Creëren — “quoted” \\ /", "", 0, -3, 1.5, 0.1, 1e300, True, None, [], {},
       {"nested": [{"x": [1, [2, []]]}]}, 2**70, {"k": 2**64}]


@pytest.mark.parametrize("value", ODD, ids=[repr(v)[:20] for v in ODD])
def test_the_same_text_as_json(value: object) -> None:
    assert dumps({"value": value}) == json.dumps({"value": value}, ensure_ascii=False, indent=2)


def test_every_record_of_the_bundled_dataset_as_json_writes_it() -> None:
    everything = whole(Dataset.load(DATA), View(include_internal=True))
    assert dumps(everything) == json.dumps(everything, ensure_ascii=False, indent=2)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"day": dt.date(2016, 8, 31)})
    with pytest.raises(TypeError):
        dumps({1: "a key that is not a string"} | {"x": dt.date(2016, 8, 31)})


def test_a_small_float_reads_back_as_the_same_number() -> None:
    assert json.loads(dumps([1e-05, 5e-324])) == [1e-05, 5e-324]
