"""Fixtures of the unit tests: the made-up domain, its lexicon and reader, its wording."""

from __future__ import annotations

import pytest

from api.answer.wording import Wording
from api.knowledge.domain import Domain
from api.search.lexicon import Lexicon
from api.understand.reading import Reader
from tests.unit.support import make_domain, make_lexicon


@pytest.fixture(scope="session")
def domain() -> Domain:
    return make_domain()


@pytest.fixture(scope="session")
def lexicon(domain: Domain) -> Lexicon:
    return make_lexicon(domain)


@pytest.fixture(scope="session")
def reader(domain: Domain) -> Reader:
    return Reader(domain)


@pytest.fixture(scope="session")
def wording(domain: Domain) -> Wording:
    return Wording(domain, roles=("tester", "release-manager"))
