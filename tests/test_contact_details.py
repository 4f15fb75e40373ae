"""resoc_cli.rules.contact_details: the e-mail check's fast path says what email-validator says."""

from __future__ import annotations

import pytest

from resoc_cli.rules.contact_details import _email_validator_problem, email_problem

HOSTS = ["x.be", "west-vlaanderen.be", "organisatie-100.be", "sub.x.be", "x.local", "sub.test", "x.invalid",
         "example.com", "x.example", "localhost.be", "x.onion", "x.123", "x.b1", "ab--c.be", "xn--bcher-kva.de",
         "xn--x.be", "-x.be", "x-.be", "x.-be", "x..be", "x", "x.arpa", "home.arpa", "a" * 63 + ".be", "a" * 64 + ".be",
         ".".join(["a" * 60] * 4) + ".be", "x.be.", "1.2.3.4", "x.museum", "x.l", "0.be", "X.Be", "x_y.be", "x.be-", "b" * 250 + ".be"]
LOCALS = ["a", "serr.brugge", "persoon.2350", "a+tag", "a_b", "a-b", "A.B", "postmaster", "a..b", ".a", "a.", "a" * 64,
          "a" * 65, "a" * 40, "o'brien", "jérôme", "-", "_", "+"]


@pytest.mark.parametrize("host", HOSTS)
def test_a_plain_address_is_judged_as_email_validator_judges_it(host: str) -> None:
    """Every local part on every host, the host lengths around the limits included: the same
    verdict and the same message, whether the host's verdict was asked before or not."""
    for local in LOCALS:
        address = f"{local}@{host}"
        assert email_problem(address) == _email_validator_problem(address), address


def test_an_address_at_the_length_limits_is_judged_whole() -> None:
    """An address of 254 characters passes and one more fails, measured as email-validator
    measures it: a host in Punycode counts in Unicode too."""
    # Twenty 中 in Punycode: 26 ASCII characters, 60 bytes of UTF-8 once email-validator decodes the host.
    punycode = ".".join(["xn--fiqaaaaaaaaaaaaaaaaaaa"] * 4) + ".be"
    for host, sizes in ((".".join(["b" * 60] * 3) + ".be", range(60, 70)), (".".join(["b" * 60] * 4) + ".be", range(1, 12)),
                        (punycode, range(1, 20))):
        for size in sizes:
            address = f"{'a' * size}@{host}"
            assert email_problem(address) == _email_validator_problem(address), (size, len(address))
