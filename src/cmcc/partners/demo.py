"""Demo step: the centre's partners joining over the first days, their people and registrations.

All organisation names below other than UN agencies and states are invented for the demo."""

from __future__ import annotations

from cmcc.accounts import services as accounts
from cmcc.core.scenario import DEMO_PASSWORD, Scenario

from . import services

TERMS_TEXT = """1. Each record has an owner organisation and a releasability; members see only what is released to them.
2. Protected humanitarian data (personal, beneficiary, remains and identity data) is never released to military or party users.
3. Notification to a party is not a request for permission; an acknowledgement means "received", never "approved".
4. Members do not re-share records beyond the releasability their owner set.
5. Every change, and every read of a protected record, is recorded in the audit trail."""

# slug, name, type, community, country, day joined (None: still applying), capabilities
ORGS: list[tuple[str, str, str, str, str, int | None, list[str]]] = [
    (
        "cmcc-staff",
        "CMCC Coordination Staff",
        "delegation",
        "coordination",
        "",
        0,
        ["monitoring", "logistics"],
    ),
    (
        "un-ocha",
        "UN Office for the Coordination of Humanitarian Affairs",
        "un_agency",
        "humanitarian",
        "",
        0,
        ["monitoring"],
    ),
    (
        "wfp-logcluster",
        "WFP / Logistics Cluster",
        "un_agency",
        "humanitarian",
        "",
        0,
        ["logistics", "warehousing", "food", "fuel", "telecom"],
    ),
    (
        "unicef",
        "UNICEF",
        "un_agency",
        "humanitarian",
        "",
        1,
        ["nutrition", "wash", "education", "protection"],
    ),
    ("who", "World Health Organization", "un_agency", "humanitarian", "", 1, ["health", "medevac"]),
    ("unmas", "UN Mine Action Service", "un_agency", "humanitarian", "", 3, ["uxo"]),
    (
        "unops-2720",
        "UNOPS – UN 2720 Mechanism",
        "un_agency",
        "humanitarian",
        "",
        2,
        ["logistics", "monitoring"],
    ),
    (
        "icrc-demo",
        "International Committee of the Red Cross",
        "red_cross",
        "humanitarian",
        "CH",
        2,
        ["health", "protection", "search_recovery"],
    ),
    (
        "crescent-society",
        "Crescent Society Relief Service",
        "red_cross",
        "humanitarian",
        "EG",
        4,
        ["health", "food", "logistics"],
    ),
    (
        "del-us",
        "Delegation of the United States",
        "delegation",
        "military",
        "US",
        0,
        ["logistics", "engineering", "security"],
    ),
    (
        "del-gb",
        "Delegation of the United Kingdom",
        "delegation",
        "military",
        "GB",
        0,
        ["engineering", "monitoring"],
    ),
    ("del-fr", "Delegation of France", "delegation", "military", "FR", 1, ["medevac", "engineering"]),
    ("del-de", "Delegation of Germany", "delegation", "military", "DE", 1, ["logistics", "funding"]),
    ("del-it", "Delegation of Italy", "delegation", "military", "IT", 2, ["police_training", "medevac"]),
    ("del-ca", "Delegation of Canada", "delegation", "military", "CA", 2, ["logistics"]),
    ("del-au", "Delegation of Australia", "delegation", "military", "AU", 3, ["monitoring"]),
    ("del-nl", "Delegation of the Netherlands", "delegation", "military", "NL", 3, ["engineering", "uxo"]),
    ("del-dk", "Delegation of Denmark", "delegation", "military", "DK", 4, ["logistics"]),
    ("del-es", "Delegation of Spain", "delegation", "military", "ES", 5, ["medevac"]),
    ("del-jp", "Delegation of Japan", "delegation", "observer", "JP", 5, ["funding", "engineering"]),
    ("del-no", "Delegation of Norway", "delegation", "observer", "NO", 6, ["funding"]),
    ("del-id", "Delegation of Indonesia", "delegation", "military", "ID", 7, ["security", "medevac"]),
    ("del-eg", "Delegation of Egypt", "delegation", "observer", "EG", 1, ["police_training", "logistics"]),
    ("party-a", "Party A – Coordination Authority", "party_authority", "party", "", 0, []),
    ("party-b", "Party B – Civil Liaison Office", "party_authority", "party", "", 2, []),
    (
        "relief-partners",
        "Relief Partners International",
        "ingo",
        "humanitarian",
        "GB",
        1,
        ["food", "shelter"],
    ),
    ("water-without-borders", "Water Without Borders", "ingo", "humanitarian", "FR", 1, ["wash"]),
    ("medical-aid-alliance", "Medical Aid Alliance", "ingo", "humanitarian", "US", 2, ["health", "medevac"]),
    (
        "children-first",
        "Children First Relief",
        "ingo",
        "humanitarian",
        "SE",
        2,
        ["education", "protection", "nutrition"],
    ),
    ("shelter-now", "Shelter Now Network", "ingo", "humanitarian", "NL", 3, ["shelter"]),
    ("food-bridge", "Food Bridge Foundation", "ingo", "humanitarian", "DE", 3, ["food", "logistics"]),
    ("hope-convoys", "Hope Convoys", "ingo", "humanitarian", "IE", 4, ["logistics", "fuel"]),
    ("care-coalition", "Care Coalition", "ingo", "humanitarian", "CA", 5, ["health", "protection"]),
    ("northern-relief", "Northern Relief Council", "ingo", "humanitarian", "NO", 6, ["shelter", "wash"]),
    ("clear-ground", "Clear Ground Demining", "ingo", "humanitarian", "DK", 7, ["uxo"]),
    ("field-kitchens", "Field Kitchens International", "ingo", "humanitarian", "ES", 8, ["food"]),
    ("rebuild-together", "Rebuild Together", "ingo", "humanitarian", "IT", 10, ["engineering", "shelter"]),
    (
        "gaza-community-aid",
        "Community Aid Association (Gaza)",
        "nngo",
        "humanitarian",
        "PS",
        2,
        ["food", "protection"],
    ),
    ("coastal-health", "Coastal Health Society", "nngo", "humanitarian", "PS", 3, ["health"]),
    ("youth-water-initiative", "Youth Water Initiative", "nngo", "humanitarian", "PS", 5, ["wash"]),
    (
        "family-support-centre",
        "Family Support Centre",
        "nngo",
        "humanitarian",
        "PS",
        6,
        ["protection", "education"],
    ),
    ("farmers-union-relief", "Farmers' Union Relief Committee", "nngo", "humanitarian", "PS", 9, ["food"]),
    ("women-for-recovery", "Women for Recovery", "nngo", "humanitarian", "PS", 11, ["protection"]),
    ("stabilization-fund", "International Stabilization Fund", "donor", "donor", "", 3, ["funding"]),
    ("nordic-relief-fund", "Nordic Relief Fund", "donor", "donor", "SE", 6, ["funding"]),
    ("gulf-reconstruction-fund", "Gulf Reconstruction Fund", "donor", "donor", "AE", 9, ["funding"]),
    ("eu-observer-mission", "EU Observer Mission", "delegation", "observer", "", 4, ["monitoring"]),
    # still in onboarding
    ("solar-relief", "Solar Relief Engineers", "ingo", "humanitarian", "DE", None, ["engineering"]),
    (
        "logistics-works",
        "Logistics Works Ltd",
        "private",
        "humanitarian",
        "CY",
        None,
        ["logistics", "warehousing"],
    ),
]

PEOPLE = [
    # username, org slug, role, grants, full name
    ("coordinator", "cmcc-staff", "admin", [], "Dana Whitfield"),
    ("analyst", "cmcc-staff", "member", ["verify"], "Omar Haddad"),
    ("humanitarian", "un-ocha", "member", [], "Lina Sørensen"),
    ("logistics", "wfp-logcluster", "member", [], "Marco Bianchi"),
    ("ngo", "relief-partners", "manager", [], "Aisha Rahman"),
    ("military", "del-gb", "member", [], "James Carter"),
    ("party-a", "party-a", "member", ["decide"], "Liaison Officer A"),
    ("party-b", "party-b", "member", ["decide"], "Liaison Officer B"),
    ("donor", "stabilization-fund", "member", [], "Helena Berg"),
    ("viewer", "eu-observer-mission", "viewer", [], "Pierre Laurent"),
]

FIRST = [
    "Sara",
    "Yusuf",
    "Maya",
    "Tomas",
    "Nadia",
    "Karim",
    "Ingrid",
    "Samir",
    "Elena",
    "Rami",
    "Hana",
    "Lucas",
    "Amal",
    "Jonas",
    "Rana",
    "Felix",
    "Layla",
    "Peter",
    "Noor",
    "Mateo",
]
LAST = [
    "Khalil",
    "Jensen",
    "Moreau",
    "Aziz",
    "Novak",
    "Saleh",
    "Fischer",
    "Nasser",
    "Rossi",
    "Haddad",
    "Keller",
    "Mansour",
    "Larsen",
    "Ortega",
    "Qasem",
    "Brennan",
]


def load(s: Scenario) -> None:
    terms = services.terms_publish(
        actor=s.actor, version="1.0", title="CMCC data-sharing terms", text=TERMS_TEXT, effective_on=s.day(-1)
    )
    s.extra["terms"] = terms
    for slug, name, type_, community, country, joined, caps in ORGS:
        applied_on = s.day(max((joined if joined is not None else s.days - 3) - 1, 0))
        org = services.organisation_apply(
            actor=s.actor,
            slug=slug,
            name=name,
            type=type_,
            community=community,
            country=country,
            capabilities=caps,
            contact_name=f"{s.rng.choice(FIRST)} {s.rng.choice(LAST)}",
            contact_email=f"liaison@{slug}.example.org",
            accepts_terms=True,
            applied_on=applied_on,
        )
        if joined is not None:
            services.organisation_transition(actor=s.actor, org=org, event="start_review", on=applied_on)
            org = services.organisation_transition(actor=s.actor, org=org, event="approve", on=s.day(joined))
        elif slug == "solar-relief":
            org = services.organisation_transition(
                actor=s.actor, org=org, event="start_review", on=s.day(s.days - 2)
            )
        s.orgs[slug] = org
    # Membership is not one-way: one member leaves, one is suspended and reinstated.
    services.organisation_transition(
        actor=s.actor,
        org=s.orgs["farmers-union-relief"],
        event="leave",
        on=s.day(20),
        reason="Programme handed over to a consortium partner",
    )
    services.organisation_transition(
        actor=s.actor,
        org=s.orgs["del-es"],
        event="suspend",
        on=s.day(15),
        reason="Data-sharing terms breach under review",
    )
    services.organisation_transition(
        actor=s.actor, org=s.orgs["del-es"], event="reinstate", on=s.day(18), reason="Review closed"
    )
    _contacts(s)
    _registrations(s)
    for username, slug, role, grants, full_name in PEOPLE:
        s.users[username] = accounts.user_create(
            actor=s.actor,
            username=username,
            org=s.orgs[slug],
            role=role,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email=f"{username}@{slug}.example.org",
            extra_actions=grants,
        )


def _contacts(s: Scenario) -> None:
    for slug, org in s.orgs.items():
        if org.membership_status != "active":
            continue
        name = f"{s.rng.choice(FIRST)} {s.rng.choice(LAST)}"
        services.contact_create(
            actor=s.actor,
            org=org,
            name=name,
            title="Liaison officer",
            email=f"lo@{slug}.example.org",
            phone=f"+000 {s.rng.randint(100, 999)} {s.rng.randint(1000, 9999)}",
            languages="en, ar",
            is_liaison_officer=True,
            releasability="cmcc",
        )
        if org.community == "humanitarian" and s.rng.random() < 0.4:
            services.contact_create(
                actor=s.actor,
                org=org,
                name=f"{s.rng.choice(FIRST)} {s.rng.choice(LAST)}",
                title="Field security",
                phone=f"+000 {s.rng.randint(100, 999)} {s.rng.randint(1000, 9999)}",
                releasability="community",
            )


def _registrations(s: Scenario) -> None:
    authority = s.orgs["party-a"]
    statuses = ["registered"] * 7 + ["pending", "rejected", "registered"]
    ngos = [o for o in s.orgs.values() if o.type in ("ingo", "nngo") and o.membership_status != "applied"]
    for i, org in enumerate(ngos):
        status = statuses[i % len(statuses)]
        valid_until = s.day(s.days + 60) if i % 4 else s.day(s.days - 5)  # some lapsed recently
        services.registration_record(
            actor=s.actor,
            org=org,
            authority=authority,
            status=status,
            reference=f"REG-{2025}-{100 + i}" if status == "registered" else "",
            valid_from=s.day(-200) if status == "registered" else None,
            valid_until=valid_until if status == "registered" else None,
            decision_reason="Staff list incomplete" if status == "rejected" else "",
            source="Letter from the registering authority (synthetic)",
            releasability="cmcc",
        )
