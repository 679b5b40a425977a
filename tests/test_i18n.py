import re
import string

import pytest

from crmkit import i18n


def test_catalogs_have_the_same_keys_and_placeholders():
    zh, en = i18n.catalog("zh"), i18n.catalog("en")
    assert set(zh) == set(en)
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    for key in zh:
        assert fields(zh[key]) == fields(en[key]), key


def test_chinese_catalog_is_chinese_and_english_is_english():
    han = re.compile(r"[\u4e00-\u9fff]")
    for key, text in i18n.catalog("zh").items():
        if not key.startswith("gender.") or text:
            assert han.search(text), key
    assert not any(han.search(t) for t in i18n.catalog("en").values())


def test_set_language_and_environment(monkeypatch):
    monkeypatch.setenv("CRMKIT_LANG", "en")
    with i18n.language("zh"):
        assert i18n.t("lookup.search") == "查找"
        assert i18n.name_column() == "name_zh"
    saved = list(i18n._chosen)
    i18n._chosen.clear()
    try:
        assert i18n.get_language() == "en"
        assert i18n.t("lookup.search") == "Search"
    finally:
        i18n._chosen[:] = saved


def test_unknown_language_is_refused_in_both_languages():
    with pytest.raises(ValueError, match="zh.*en"):
        i18n.set_language("fr")


def test_formatting_and_explicit_language():
    assert i18n.t("error.unknown_shop", lang="en", shop="x", valid="mall") == "Unknown shop 'x'. Valid shops: mall."
    assert "x" in i18n.t("error.unknown_shop", lang="zh", shop="x", valid="mall")
