"""The demo: the ALN Implementation Steering Group of the seed minutes (September 2022).

The organisations and groups are the ones the minutes name; every person is fictional. Welsh
names follow shared/seed/terms-cy.md; those marked "(check)" there are flagged in comments.
Loading twice changes nothing: every row is found by its natural key first.
"""

import datetime

from django.db import transaction

from steering.models import Person

from .enums import GroupKind, GroupStatus, OrganisationKind, Role
from .models import GlossaryEntry, Group, Membership, Organisation, TermsOfReference

DEMO_PASSWORD = "aln-demo-2022"  # noqa: S105 - published in the README for the demo sign-ins
SG_SLUG = "aln-implementation-steering-group"

K = OrganisationKind
ORGANISATIONS = [
    # (English name, Welsh name, English acronym, Welsh acronym, kind)
    ("Welsh Government", "Llywodraeth Cymru", "WG", "LlC", K.GOVERNMENT),
    ("Welsh Local Government Association", "Cymdeithas Llywodraeth Leol Cymru", "WLGA", "CLlLC", K.ASSOCIATION),
    # Welsh name marked (check) in the seed's term list.
    (
        "Association of Directors of Education in Wales",
        "Cymdeithas Cyfarwyddwyr Addysg Cymru",
        "ADEW",
        "",
        K.ASSOCIATION,
    ),
    (
        "National Academy for Educational Leadership",
        "Yr Academi Genedlaethol ar gyfer Arweinyddiaeth Addysgol",
        "",
        "",
        K.OTHER,
    ),
    ("Estyn", "Estyn", "", "", K.INSPECTORATE),
    ("Education Tribunal for Wales", "Tribiwnlys Addysg Cymru", "ETW", "TAC", K.TRIBUNAL),
    ("SNAP Cymru", "SNAP Cymru", "", "", K.THIRD_SECTOR),
    ("Children's Commissioner for Wales", "Comisiynydd Plant Cymru", "", "", K.COMMISSIONER),
    ("Cardiff Council", "Cyngor Caerdydd", "", "", K.LOCAL_AUTHORITY),
    ("Gwynedd Council", "Cyngor Gwynedd", "", "", K.LOCAL_AUTHORITY),
    ("Powys County Council", "Cyngor Sir Powys", "", "", K.LOCAL_AUTHORITY),
    ("City and County of Swansea", "Dinas a Sir Abertawe", "", "", K.LOCAL_AUTHORITY),
    (
        "Betsi Cadwaladr University Health Board",
        "Bwrdd Iechyd Prifysgol Betsi Cadwaladr",
        "",
        "",
        K.HEALTH_BOARD,
    ),
    (
        "Cardiff and Vale University Health Board",
        "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro",
        "",
        "",
        K.HEALTH_BOARD,
    ),
    ("Coleg Cambria", "Coleg Cambria", "", "", K.COLLEGE),
    ("Coleg Gwent", "Coleg Gwent", "", "", K.COLLEGE),
]

GROUPS = [
    # (slug, English name, Welsh name, short en, short cy, kind, parent slug, status, purpose en, purpose cy)
    (
        SG_SLUG,
        "ALN Implementation Steering Group",
        "Grŵp Llywio Gweithredu ADY",
        "SG",
        "",
        GroupKind.STEERING_GROUP,
        None,
        GroupStatus.ACTIVE,
        "To oversee the implementation of the Additional Learning Needs and Educational Tribunal (Wales) "
        "Act 2018 and the ALN Code, to share progress and concerns across local authorities, health, "
        "colleges and partners, and to advise the Welsh Government on the support the system needs.",
        "Goruchwylio gweithredu Deddf Anghenion Dysgu Ychwanegol a'r Tribiwnlys Addysg (Cymru) 2018 a'r "
        "Cod ADY, rhannu cynnydd a phryderon ar draws awdurdodau lleol, iechyd, colegau a phartneriaid, a "
        "chynghori Llywodraeth Cymru ar y cymorth sydd ei angen ar y system.",
    ),
    (
        "ehe-task-and-finish-group",
        "Electively Home Educated (EHE) Task and Finish Group",
        "Grŵp Gorchwyl a Gorffen Addysg Ddewisol yn y Cartref",
        "EHE T&F",
        "",
        GroupKind.TASK_AND_FINISH_GROUP,
        SG_SLUG,
        GroupStatus.ACTIVE,
        "A national stakeholder group with local authorities, Estyn and the WLGA on the support for "
        "electively home educated children and young people.",
        "Grŵp rhanddeiliaid cenedlaethol gydag awdurdodau lleol, Estyn a CLlLC ar y cymorth i blant a "
        "phobl ifanc sy'n cael addysg ddewisol yn y cartref.",
    ),
    (
        "ehe-aln-sub-group",
        "EHE/ALN Sub-group",
        "Is-grŵp Addysg Ddewisol yn y Cartref ac ADY",
        "",
        "",
        GroupKind.SUB_GROUP,
        "ehe-task-and-finish-group",
        GroupStatus.ACTIVE,
        "To look at EHE and ALN together, and at wider packages of support for learners educated at home.",
        "Edrych ar addysg ddewisol yn y cartref ac ADY gyda'i gilydd, ac ar becynnau cymorth ehangach i "
        "ddysgwyr sy'n cael eu haddysgu gartref.",
    ),
    (
        "health-and-local-authority-forum",
        "Health and Local Authority Forum",
        "Fforwm Iechyd ac Awdurdodau Lleol",
        "",
        "",
        GroupKind.FORUM,
        SG_SLUG,
        GroupStatus.PLANNED,
        "To manage common queries and issues received from local authorities and health colleagues: what "
        "constitutes ALP, person-centred practice, disputes and the Tribunal, and emerging practice.",
        "Rheoli ymholiadau a materion cyffredin gan awdurdodau lleol a chydweithwyr iechyd: beth yw DDY, "
        "ymarfer sy'n canolbwyntio ar yr unigolyn, anghydfodau a'r Tribiwnlys, ac arferion sy'n datblygu.",
    ),
]

# (email, full name, preferred language)
PEOPLE = [
    ("secretariat@example.org", "Siân Pritchard", "cy"),
    ("chair@example.org", "Dr Rhodri Bevan", "en"),
    ("vicechair@example.org", "Helen Whitcombe", "en"),
    ("member@example.org", "Gareth Lloyd", "cy"),
    ("observer@example.org", "Nia Ellis", "en"),
    ("wlga@example.org", "Owain Rees", "en"),
    ("adew@example.org", "Catrin Howells", "cy"),
    ("academy@example.org", "Mark Pugh", "en"),
    ("estyn@example.org", "Ffion Jenkins", "cy"),
    ("etw@example.org", "Alun Jones", "en"),
    ("etw.former@example.org", "Patricia Daniel", "en"),
    ("snap@example.org", "Bethan Harries", "cy"),
    ("commissioner@example.org", "Llinos Parry", "cy"),
    ("gwynedd@example.org", "Iwan Roberts", "cy"),
    ("powys@example.org", "Claire Vaughan", "en"),
    ("swansea@example.org", "Dylan Thomas-Hughes", "en"),
    ("bcuhb@example.org", "Mererid Owen", "cy"),
    ("cavuhb@example.org", "Dr Sarah Price", "en"),
    ("cambria@example.org", "Huw Edwards-Griffiths", "cy"),
    ("gwent@example.org", "Emma Watkins", "en"),
    # In the EHE task and finish group only: someone outside the steering group, to try it as.
    ("ehe-member@example.org", "Rhian Gwilym", "cy"),
    ("admin@example.org", "Demo Administrator", "en"),
]

SG_START = datetime.date(2021, 9, 1)
MEETING_DAY = datetime.date(2022, 9, 22)

# (email, group slug, role, organisation English name or None, start, end)
MEMBERSHIPS = [
    ("chair@example.org", SG_SLUG, Role.CHAIR, "Welsh Government", SG_START, None),
    ("vicechair@example.org", SG_SLUG, Role.VICE_CHAIR, "Welsh Local Government Association", SG_START, None),
    ("secretariat@example.org", SG_SLUG, Role.SECRETARIAT, "Welsh Government", SG_START, None),
    ("member@example.org", SG_SLUG, Role.MEMBER, "Cardiff Council", SG_START, None),
    ("observer@example.org", SG_SLUG, Role.OBSERVER, "Welsh Government", SG_START, None),
    ("wlga@example.org", SG_SLUG, Role.MEMBER, "Welsh Local Government Association", SG_START, None),
    ("adew@example.org", SG_SLUG, Role.MEMBER, "Association of Directors of Education in Wales", SG_START, None),
    ("academy@example.org", SG_SLUG, Role.MEMBER, "National Academy for Educational Leadership", SG_START, None),
    ("estyn@example.org", SG_SLUG, Role.MEMBER, "Estyn", SG_START, None),
    # "The SG welcomed new representatives for health boards, ETW and the Children's Commissioner."
    (
        "etw.former@example.org",
        SG_SLUG,
        Role.MEMBER,
        "Education Tribunal for Wales",
        SG_START,
        datetime.date(2022, 7, 31),
    ),
    ("etw@example.org", SG_SLUG, Role.MEMBER, "Education Tribunal for Wales", MEETING_DAY, None),
    ("commissioner@example.org", SG_SLUG, Role.MEMBER, "Children's Commissioner for Wales", MEETING_DAY, None),
    ("bcuhb@example.org", SG_SLUG, Role.MEMBER, "Betsi Cadwaladr University Health Board", MEETING_DAY, None),
    ("cavuhb@example.org", SG_SLUG, Role.MEMBER, "Cardiff and Vale University Health Board", MEETING_DAY, None),
    ("snap@example.org", SG_SLUG, Role.MEMBER, "SNAP Cymru", SG_START, None),
    ("gwynedd@example.org", SG_SLUG, Role.MEMBER, "Gwynedd Council", SG_START, None),
    ("powys@example.org", SG_SLUG, Role.MEMBER, "Powys County Council", SG_START, None),
    ("swansea@example.org", SG_SLUG, Role.MEMBER, "City and County of Swansea", SG_START, None),
    ("cambria@example.org", SG_SLUG, Role.MEMBER, "Coleg Cambria", SG_START, None),
    ("gwent@example.org", SG_SLUG, Role.MEMBER, "Coleg Gwent", SG_START, None),
    # The EHE task and finish group: local authorities, Estyn and WLGA, run by WG.
    (
        "secretariat@example.org",
        "ehe-task-and-finish-group",
        Role.SECRETARIAT,
        "Welsh Government",
        datetime.date(2022, 5, 1),
        None,
    ),
    (
        "powys@example.org",
        "ehe-task-and-finish-group",
        Role.CHAIR,
        "Powys County Council",
        datetime.date(2022, 5, 1),
        None,
    ),
    (
        "member@example.org",
        "ehe-task-and-finish-group",
        Role.MEMBER,
        "Cardiff Council",
        datetime.date(2022, 5, 1),
        None,
    ),
    ("estyn@example.org", "ehe-task-and-finish-group", Role.MEMBER, "Estyn", datetime.date(2022, 5, 1), None),
    (
        "ehe-member@example.org",
        "ehe-task-and-finish-group",
        Role.MEMBER,
        "Gwynedd Council",
        datetime.date(2022, 5, 1),
        None,
    ),
    (
        "wlga@example.org",
        "ehe-task-and-finish-group",
        Role.MEMBER,
        "Welsh Local Government Association",
        datetime.date(2022, 5, 1),
        None,
    ),
    (
        "secretariat@example.org",
        "ehe-aln-sub-group",
        Role.SECRETARIAT,
        "Welsh Government",
        datetime.date(2022, 7, 1),
        None,
    ),
    (
        "swansea@example.org",
        "ehe-aln-sub-group",
        Role.CHAIR,
        "City and County of Swansea",
        datetime.date(2022, 7, 1),
        None,
    ),
    ("snap@example.org", "ehe-aln-sub-group", Role.MEMBER, "SNAP Cymru", datetime.date(2022, 7, 1), None),
    (
        "secretariat@example.org",
        "health-and-local-authority-forum",
        Role.SECRETARIAT,
        "Welsh Government",
        MEETING_DAY,
        None,
    ),
    ("chair@example.org", "health-and-local-authority-forum", Role.CHAIR, "Welsh Government", MEETING_DAY, None),
]

TERMS_OF_REFERENCE = [
    (
        SG_SLUG,
        1,
        datetime.date(2021, 9, 1),
        "1. The Steering Group oversees the implementation of the ALN system in Wales.\n\n"
        "2. Members represent their organisations and networks, share progress and risks, and take "
        "actions back to them.\n\n"
        "3. The Group meets every two months. The Welsh Government provides the secretariat.",
        "1. Mae'r Grŵp Llywio yn goruchwylio gweithredu'r system ADY yng Nghymru.\n\n"
        "2. Mae aelodau'n cynrychioli eu sefydliadau a'u rhwydweithiau, yn rhannu cynnydd a risgiau, ac "
        "yn mynd â chamau gweithredu yn ôl atynt.\n\n"
        "3. Mae'r Grŵp yn cyfarfod bob deufis. Llywodraeth Cymru sy'n darparu'r ysgrifenyddiaeth.",
    ),
    (
        SG_SLUG,
        2,
        datetime.date(2022, 9, 22),
        "1. The Steering Group oversees the implementation of the ALN system in Wales, with a specific "
        "focus on accountability in Phase 2.\n\n"
        "2. Members represent their organisations and networks, including health boards through the "
        "DECLOs, share progress and risks, and take actions back to them.\n\n"
        "3. The Group may establish task and finish groups and sub-groups, which report to it.\n\n"
        "4. The Group meets every two months. The Welsh Government provides the secretariat.",
        "1. Mae'r Grŵp Llywio yn goruchwylio gweithredu'r system ADY yng Nghymru, gyda ffocws penodol ar "
        "atebolrwydd yng Ngham 2.\n\n"
        "2. Mae aelodau'n cynrychioli eu sefydliadau a'u rhwydweithiau, gan gynnwys byrddau iechyd drwy'r "
        "DECLOs, yn rhannu cynnydd a risgiau, ac yn mynd â chamau gweithredu yn ôl atynt.\n\n"
        "3. Caiff y Grŵp sefydlu grwpiau gorchwyl a gorffen ac is-grwpiau, sy'n adrodd iddo.\n\n"
        "4. Mae'r Grŵp yn cyfarfod bob deufis. Llywodraeth Cymru sy'n darparu'r ysgrifenyddiaeth.",
    ),
]

# (English acronym, Welsh acronym, English meaning, Welsh meaning). Welsh marked (check) in the
# seed's term list: ADEW, EHE, EOTAS, DECLO; they, and the Welsh acronyms PPI, ADdC and AHY, are
# demo translations to confirm. An empty Welsh acronym means Welsh text uses the English one.
GLOSSARY = [
    ("ADEW", "", "Association of Directors of Education in Wales", "Cymdeithas Cyfarwyddwyr Addysg Cymru"),
    ("ALN", "ADY", "additional learning needs", "anghenion dysgu ychwanegol"),
    ("ALP", "DDY", "additional learning provision", "darpariaeth ddysgu ychwanegol"),
    ("CYP", "PPI", "children and young people", "plant a phobl ifanc"),
    ("DECLO", "", "Designated Education Clinical Lead Officer", "Swyddog Arweiniol Clinigol Addysg Dynodedig"),
    ("EHE", "ADdC", "electively home educated", "addysg ddewisol yn y cartref"),
    ("EOTAS", "AHY", "educated other than at school", "addysg heblaw yn yr ysgol"),
    ("ETW", "TAC", "Education Tribunal for Wales", "Tribiwnlys Addysg Cymru"),
    ("FE", "AB", "further education", "addysg bellach"),
    ("LA", "ALl", "local authority", "awdurdod lleol"),
    ("LAC", "PDG", "looked after children", "plant sy'n derbyn gofal"),
    ("PCP", "YCU", "person-centred practice", "ymarfer sy'n canolbwyntio ar yr unigolyn"),
    ("PLASC", "CYBLD", "Pupil Level Annual School Census", "Cyfrifiad Blynyddol Ysgolion ar Lefel Disgyblion"),
    ("SEN", "AAA", "special educational needs", "anghenion addysgol arbennig"),
    ("SG", "", "Steering Group", "Grŵp Llywio"),
    ("WG", "LlC", "Welsh Government", "Llywodraeth Cymru"),
    ("WLGA", "CLlLC", "Welsh Local Government Association", "Cymdeithas Llywodraeth Leol Cymru"),
]


@transaction.atomic
def load() -> dict[str, int]:
    organisations = {}
    for name_en, name_cy, acronym_en, acronym_cy, kind in ORGANISATIONS:
        organisations[name_en], _ = Organisation.objects.update_or_create(
            name_en=name_en,
            defaults={"name_cy": name_cy, "acronym_en": acronym_en, "acronym_cy": acronym_cy, "kind": kind},
        )

    groups = {}
    for slug, name_en, name_cy, short_en, short_cy, kind, parent, status, purpose_en, purpose_cy in GROUPS:
        groups[slug], _ = Group.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_cy": name_cy,
                "short_name_en": short_en,
                "short_name_cy": short_cy,
                "kind": kind,
                "parent": groups[parent] if parent else None,
                "status": status,
                "purpose_en": purpose_en,
                "purpose_cy": purpose_cy,
                "start_date": SG_START if slug == SG_SLUG else None,
                "quorum": 8 if slug == SG_SLUG else None,
                # As on gov.wales: the steering group's minutes are public, naming organisations, not people.
                "minutes_are_public": slug == SG_SLUG,
                "public_names": False,
            },
        )

    people = {}
    for email, full_name, language in PEOPLE:
        person, created = Person.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "preferred_language": language}
        )
        if email == "admin@example.org":
            person.is_staff = person.is_superuser = True
        if created or not person.check_password(DEMO_PASSWORD):
            person.set_password(DEMO_PASSWORD)
        person.save()
        people[email] = person

    for email, slug, role, organisation, start, end in MEMBERSHIPS:
        Membership.objects.update_or_create(
            person=people[email],
            group=groups[slug],
            role=role,
            start_date=start,
            defaults={"organisation": organisations[organisation] if organisation else None, "end_date": end},
        )

    secretariat = people["secretariat@example.org"]
    for slug, version, agreed, text_en, text_cy in TERMS_OF_REFERENCE:
        TermsOfReference.objects.update_or_create(
            group=groups[slug],
            version=version,
            defaults={"date_agreed": agreed, "text_en": text_en, "text_cy": text_cy, "created_by": secretariat},
        )

    for acronym_en, acronym_cy, expansion_en, expansion_cy in GLOSSARY:
        GlossaryEntry.objects.update_or_create(
            group=groups[SG_SLUG],
            acronym_en=acronym_en,
            defaults={"acronym_cy": acronym_cy, "expansion_en": expansion_en, "expansion_cy": expansion_cy},
        )

    return {
        "organisations": len(organisations),
        "groups": len(groups),
        "people": len(people),
        "memberships": len(MEMBERSHIPS),
        "glossary entries": len(GLOSSARY),
    }
