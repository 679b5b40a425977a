"""Customer information (客户信息): screening duplicates (筛选), the customer data card (客户资料卡), its
three kinds, and contact data that needs updating.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`
whose headers show in the chosen language; they are part of ``ck.customers``
(``ck.customers.duplicates(con)``). The SQL is in ``crmkit/sql/customers/`` and can be read with
``ck.show_sql("customers/duplicates")``. *Today* is the day of the newest order, never the clock.
The roster export (客户名册) is :func:`crmkit.data.roster.export_roster`.

Students see masked phones, e-mails and addresses; duplicates are still found by phone because
every phone has a pseudonymous match key (``customer_keys``, ``staging_keys``): the same number
gives the same key.
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.db import scratch
from crmkit.frames import LabeledFrame

__all__ = ["WITHIN", "MATCH_RULES", "CARD_KINDS", "STALE_REASONS", "duplicates", "card", "cards", "stale"]

#: Where :func:`duplicates` looks: the customer table or the channels' raw records.
WITHIN: tuple[str, ...] = ("customers", "staging")
#: How a record of a duplicate group matched another one (``matched_on``).
MATCH_RULES: tuple[str, ...] = ("phone", "name_birthday_city", "name_city", "both")
#: The kinds of customer data card, in lifecycle order.
CARD_KINDS: tuple[str, ...] = ("potential", "current", "lost")
#: Why contact data needs updating (``reason`` of :func:`stale`).
STALE_REASONS: tuple[str, ...] = ("phone_bounced", "newer_phone_elsewhere", "address_old")
#: The fields :func:`duplicates` compares within a group (``conflicts``).
COMPARED_FIELDS: tuple[str, ...] = ("name", "gender", "birthday", "phone", "email", "province", "city", "address")


#: Between the items of a list in one cell (conflicting fields, tags): punctuation, not words, so
#: it lives here rather than in the catalogs (whose Chinese entries must hold Chinese text).
SEPARATORS: dict[str, str] = {"zh": "、", "en": ", "}


def _separator() -> str:
    return SEPARATORS[i18n.get_language()]


def duplicates(con: duckdb.DuckDBPyConnection, *, within: str = "customers") -> LabeledFrame:
    """筛选重复记录 Candidate duplicates: records that may be the same person, in groups.

    Two records match when they have

    * the same phone (compared through its match key, so masked phones work) — ``phone``;
    * the same name (spaces around it ignored), birthday and city — ``name_birthday_city``;
    * or, when a birthday is unknown, the same name and city, provided everyone else with that
      name in that city has one and the same birthday (so it can only be that person) —
      ``name_city``, weaker evidence worth a second look.

    Matching is transitive: if A and B share a phone and B and C share name, birthday and city,
    A, B and C form one group. The groups are *candidates*: a person decides whether to merge.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    within : ``"customers"`` (default) screens the customer table (with any customers you
        imported); ``"staging"`` screens the raw records as each channel reported them
        (``staging_customers``), where the same person turns up in several channels.

    Returns
    -------
    LabeledFrame
        One row per record in a group, groups in the order of their lowest id:

        * ``group_id`` — 1, 2, …;
        * ``customer_id`` (or ``raw_id`` for staging) — the record;
        * ``matched_on`` — ``phone``, ``name_birthday_city``, ``name_city`` or ``both`` (phone and
          a name rule): how this record matched another record of its group; ``matched_on_name``
          says it in the chosen language;
        * ``channel`` — where the customer registered (staging: the channel that reported it);
        * ``name, gender, birthday, phone, email, province, city, address`` as stored (masked for
          students; raw records have no e-mail column; their province and city are the text the
          channel typed, e.g. ``广东`` or ``广东省``);
        * ``registered_at`` (staging: ``recorded_at``);
        * ``conflicts`` — the fields whose known values differ within the group, e.g.
          ``手机、地址`` (empty when none). Values are compared as stored: ``广东`` and ``广东省``
          or a stray space after a name count as different (tidying them is part of screening);
          phones are compared by their match key; a masked address hides a different street.

    SQL: ``customers/duplicates``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = ck.customers.duplicates(con, within="staging")
    >>> list(df.columns[:4])
    ['group_id', 'raw_id', 'matched_on', 'matched_on_name']
    >>> bool((df.groupby("group_id").size() >= 2).all())
    True
    """
    within = params.choice(within.strip().lower() if isinstance(within, str) else within, WITHIN, "within")
    df = queries.run(con, "customers/duplicates", within=within, lang=i18n.get_language(),
                     matched_names=queries.label_map("customer_info.matched_on", MATCH_RULES),
                     field_names=queries.label_map("column", COMPARED_FIELDS), separator=_separator())
    if within == "staging":
        return df.drop(columns="email").rename(columns={"record_id": "raw_id"})
    return df.rename(columns={"record_id": "customer_id", "recorded_at": "registered_at"})


def _lost_after(value: object) -> int:
    return params.positive_int(value, "lost_after_days", allow_none=False)


def card(con: duckdb.DuckDBPyConnection, customer_id: object, *, lost_after_days: int = 365) -> LabeledFrame:
    """客户资料卡 The customer data card: who the customer is, what they bought, how service went.

    The card kind follows the last paid order (a paid order is one that is not ``closed``):

    * ``potential`` 潜在客户 — registered, but never placed a paid order;
    * ``current`` 现有客户 — the last paid order is at most ``lost_after_days`` days before today;
    * ``lost`` 流失客户 — the last paid order is older. A lost customer who buys again is current.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    customer_id : the customer's id or customer code
    lost_after_days : days without a paid order after which a customer counts as lost (a whole
        number above 0; default 365)

    Returns
    -------
    LabeledFrame
        One row. To read it as a card, turn it: ``card.display_frame().T``.

        * details: ``customer_id, customer_code, name, gender, birthday, age`` (full years today),
          ``phone, email, province, city, address`` (masked for students), ``channel`` (where
          they registered), ``registered_at``, ``contact_updated_at`` (phone and address last
          confirmed);
        * purchases: ``orders`` (paid orders), ``total_spend``, ``first_order_at``,
          ``last_order_at``, ``days_since_last_order``, ``favourite_category`` (the category of
          the largest paid amount), ``main_channel`` (the sales channel of the largest spend);
        * service: ``interaction_count``, ``complaint_count`` (interactions on the topic
          complaint), ``last_contact_at``;
        * ``tags`` — the course's tags and your own, in one text;
        * ``card_kind`` (``potential``, ``current``, ``lost``) and ``card_kind_name``.

    SQL: ``customers/card``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> row = ck.customers.card(con, 1).iloc[0]
    >>> int(row.customer_id), row.card_kind in ("potential", "current", "lost")
    (1, True)
    """
    cid = params.customer_id(con, customer_id)
    days = _lost_after(lost_after_days)
    with scratch(con):
        return queries.run(con, "customers/card", customer_id=cid, lost_after_days=days, lang=i18n.get_language(),
                           kind_names=queries.label_map("customer_info.card_kind", CARD_KINDS),
                           separator=_separator())


def cards(con: duckdb.DuckDBPyConnection, *, lost_after_days: int = 365) -> LabeledFrame:
    """客户资料卡分类 How many customers are potential, current and lost (see :func:`card`).

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    lost_after_days : days without a paid order after which a customer counts as lost (default 365)

    Returns
    -------
    LabeledFrame
        Three rows, potential, current, lost, also when a kind has no customers:
        ``card_kind, card_kind_name, customer_count, share`` (share of all customers, 0–1).

    SQL: ``customers/cards``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = ck.customers.cards(con)
    >>> list(df.card_kind), bool(abs(df.share.sum() - 1) < 1e-9)
    (['potential', 'current', 'lost'], True)
    """
    return queries.run(con, "customers/cards", lost_after_days=_lost_after(lost_after_days),
                       kind_names=queries.label_map("customer_info.card_kind", CARD_KINDS))


def stale(con: duckdb.DuckDBPyConnection, *, address_years: int = 3) -> LabeledFrame:
    """联系信息更新 Contact data that probably needs updating, with the evidence.

    ``contact_updated_at`` is when a customer's phone and address were last confirmed; what
    happened after it suggests they changed:

    * ``phone_bounced`` — an SMS to the customer bounced (the phone did not receive it);
    * ``newer_phone_elsewhere`` — a channel recorded the same person later with another phone
      (a raw record with the same name, birthday and city, matched as in :func:`duplicates`);
    * ``address_old`` — the address was confirmed more than ``address_years`` years before today.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    address_years : how many years an address counts as current (a whole number above 0; default 3)

    Returns
    -------
    LabeledFrame
        One row per customer and reason, by customer id then in the order above:

        * ``customer_id, name, phone, email, address`` (masked for students), ``contact_updated_at``;
        * ``reason`` and ``reason_name`` (in the chosen language);
        * ``evidence_at`` — the latest bounce, the newest raw record, or the confirmation date;
        * ``evidence_channel`` — SMS, or the channel of the newest raw record (empty for
          ``address_old``); ``evidence_phone`` — that record's phone (masked for students);
        * ``evidence_count`` — bounced SMS or newer raw records (empty for ``address_old``).

    SQL: ``customers/stale``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = ck.customers.stale(con, address_years=1)
    >>> sorted(set(df.reason))
    ['address_old', 'newer_phone_elsewhere', 'phone_bounced']
    """
    years = params.positive_int(address_years, "address_years", allow_none=False)
    return queries.run(con, "customers/stale", address_years=years, lang=i18n.get_language(),
                       reason_names=queries.label_map("customer_info.stale_reason", STALE_REASONS))
