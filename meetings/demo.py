"""The demo meetings: the steering group's meeting of 22 September 2022 as the seed minutes record it,
approved by the chair, and the next meeting (17 November 2022), planned.

The English minutes are the seed's text (shared/seed/aln-steering-group-minutes-2022-09.en.txt),
word for word; the Welsh is a demo translation that uses the terms in shared/seed/terms-cy.md.
Loading twice changes nothing: a meeting that already exists is left as it is.

The meetings are made through the services, as the secretariat and the chair would make them:
agenda written and issued, meeting held, attendance and minutes recorded, minutes submitted and
approved. So the demo walks the real workflow, and every status it ends in was reached through the
transition maps. The services stamp each step with the time it ran; the demo then moves those
timestamps back to 2022 (never a status, a snapshot or a hash).

Actions belong to a higher layer (actions → meetings): their service is handed to ``load`` by the
load_demo command, and their model is reached through the relation from AgendaItem, never imported.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from steering.models import Notice, NoticeStatus, Person
from workstreams import services as workstreams_services
from workstreams.demo import SG_SLUG
from workstreams.models import Deliverable, Group, Membership, Organisation

from . import agenda, circulation, selectors, services
from .enums import AttendanceStatus, DeliveryStatus, ItemKind, MinutesEventKind, ReplyAnswer
from .models import AgendaItem, Attendance, Decision, Meeting, MinutesEvent, Paper, PlannedItem

WG = "Welsh Government"
CHAIR = "chair@example.org"
SECRETARIAT = "secretariat@example.org"
MEETING_DAY = datetime.date(2022, 9, 22)


def _at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


# When meeting 1's agenda was issued with its paper, and its minutes started (just after the
# meeting), written, submitted and approved.
ISSUED_AT = _at(2022, 9, 12, 9, 0)
HELD_AT = _at(2022, 9, 22, 13, 0)
WRITTEN_AT = _at(2022, 9, 28, 11, 0)
SUBMITTED_AT = _at(2022, 9, 29, 16, 0)
APPROVED_AT = _at(2022, 10, 3, 14, 0)
PUBLISHED_AT = _at(2022, 10, 4, 10, 0)


@contextmanager
def as_on(moment: datetime.datetime):
    """Runs a service as on ``moment``, for the steps whose date decides or is part of what they
    store, which no later update of a timestamp could put right: a paper late or in time, the day
    of approval inside the approved record and its hash. Not around create_meeting or issue_agenda,
    which would invite the members to a meeting still to come. load_demo runs in one thread."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


@dataclass
class ActionData:
    text_en: str
    text_cy: str
    owner_email: str | None = None  # a demo person
    owner_organisation: str | None = None  # an organisation's English name
    due_date: datetime.date | None = None


@dataclass
class ItemData:
    title_en: str
    title_cy: str
    kind: str = ItemKind.ORDINARY
    lead_email: str | None = None
    lead_organisation: str | None = None
    lead_text_en: str = ""
    lead_text_cy: str = ""
    duration_minutes: int | None = None
    minutes_en: str = ""
    minutes_cy: str = ""
    decisions: list[tuple[str, str]] = field(default_factory=list)
    actions: list[ActionData] = field(default_factory=list)
    sub_items: list["ItemData"] = field(default_factory=list)


WG_OFFICIALS = {"lead_organisation": WG, "lead_text_en": "WG officials", "lead_text_cy": "Swyddogion LlC"}

# The meeting of 22 September 2022, numbered as the seed numbers it. Welsh terms marked "(check)"
# in terms-cy.md (EHE → addysg ddewisol yn y cartref (ADdC), EOTAS → addysg heblaw yn yr ysgol
# (AHY), DECLOs kept in English) are demo translations to confirm.
MEETING_1_AGENDA = [
    ItemData(
        "Welcome and Introductions",
        "Croeso a Chyflwyniadau",
        kind=ItemKind.WELCOME,
        lead_email=CHAIR,
        duration_minutes=10,
        minutes_en="The Steering Group (the SG) welcomed new representatives for health boards, ETW and the "
        "Children’s Commissioner for Wales’ office. Apologies were given for 3 members.",
        minutes_cy=_paragraphs(
            "Croesawodd y Grŵp Llywio gynrychiolwyr newydd ar gyfer y byrddau iechyd, Tribiwnlys Addysg Cymru "
            "(TAC) a swyddfa Comisiynydd Plant Cymru. Cafwyd ymddiheuriadau gan 3 aelod.",
            "Cyfieithiad ar gyfer y demo yw'r testun Cymraeg hwn.",
        ),
    ),
    ItemData(
        "Governance",
        "Llywodraethu",
        lead_email=CHAIR,
        duration_minutes=20,
        sub_items=[
            ItemData(
                "Minutes and actions of the last meeting",
                "Cofnodion a chamau gweithredu'r cyfarfod diwethaf",
                kind=ItemKind.PREVIOUS_MINUTES,
                minutes_en=_paragraphs(
                    "The minutes of the previous meeting were agreed, and the SG discussed updates on actions.",
                    "The SG agreed to establish task and finish groups to focus on key areas.",
                    "WG noted that the SG’s specific focus on accountability would come into play in Phase 2.",
                ),
                minutes_cy=_paragraphs(
                    "Cytunwyd ar gofnodion y cyfarfod blaenorol, a thrafododd y Grŵp Llywio y diweddariadau ar y "
                    "camau gweithredu.",
                    "Cytunodd y Grŵp Llywio i sefydlu grwpiau gorchwyl a gorffen i ganolbwyntio ar feysydd allweddol.",
                    "Nododd LlC y byddai ffocws penodol y Grŵp Llywio ar atebolrwydd yn dod yn berthnasol yng Ngham 2.",
                ),
                decisions=[
                    (
                        "The minutes of the previous meeting were agreed.",
                        "Cytunwyd ar gofnodion y cyfarfod blaenorol.",
                    ),
                    (
                        "The SG agreed to establish task and finish groups to focus on key areas.",
                        "Cytunodd y Grŵp Llywio i sefydlu grwpiau gorchwyl a gorffen i ganolbwyntio ar feysydd "
                        "allweddol.",
                    ),
                ],
            ),
            # The seed minutes "b) Membership & c) Terms of Reference" under one heading: the shared
            # text sits on b).
            ItemData(
                "Membership",
                "Aelodaeth",
                minutes_en=_paragraphs(
                    "The SG discussed DECLOs’ comments on the Terms of Reference.",
                    "WG agreed to discuss the addition of a WG health policy colleague to the SG.",
                ),
                minutes_cy=_paragraphs(
                    "Trafododd y Grŵp Llywio sylwadau'r DECLOs ar y Cylch Gorchwyl.",
                    "Cytunodd LlC i drafod ychwanegu cydweithiwr o faes polisi iechyd LlC at y Grŵp Llywio.",
                ),
                actions=[
                    ActionData(
                        "WG to discuss adding a WG health policy colleague to the SG.",
                        "LlC i drafod ychwanegu cydweithiwr o faes polisi iechyd LlC at y Grŵp Llywio.",
                        owner_email=SECRETARIAT,
                        owner_organisation=WG,
                    ),
                ],
            ),
            ItemData(
                "Terms of Reference",
                "Cylch Gorchwyl",
                minutes_en="Taken together with b) Membership: see the minute above.",
                minutes_cy="Trafodwyd gyda b) Aelodaeth: gweler y cofnod uchod.",
            ),
        ],
    ),
    ItemData(
        "Implementation Leads updates",
        "Diweddariadau gan yr Arweinwyr Gweithredu",
        lead_text_en="Implementation Leads",
        lead_text_cy="Arweinwyr Gweithredu",
        duration_minutes=30,
        sub_items=[
            ItemData(
                "Post-16",
                "Ôl-16",
                minutes_en=_paragraphs(
                    "Colleges are continuing to develop their ALN staffing structures.",
                    "Development of local agreements between colleges and LAs is ongoing. LAs have new "
                    "responsibilities for post-16 learners in the Code, so clear understanding between relevant "
                    "parties is essential. Some LAs have appointed FE officers who have previously worked in FEs, "
                    "to bring expertise into LAs and improve partnerships.",
                    "Guidance for parents with information on how LAs are going to handle their new "
                    "responsibilities for post-16 learners will go out to parents later in September.",
                ),
                minutes_cy=_paragraphs(
                    "Mae colegau'n parhau i ddatblygu eu strwythurau staffio ADY.",
                    "Mae'r gwaith o ddatblygu cytundebau lleol rhwng colegau ac awdurdodau lleol yn parhau. Mae "
                    "gan awdurdodau lleol gyfrifoldebau newydd dros ddysgwyr ôl-16 yn y Cod, felly mae'n hanfodol "
                    "bod dealltwriaeth glir rhwng y partïon perthnasol. Mae rhai awdurdodau lleol wedi penodi "
                    "swyddogion addysg bellach sydd wedi gweithio mewn sefydliadau addysg bellach o'r blaen, er "
                    "mwyn dod ag arbenigedd i'r awdurdodau lleol a gwella partneriaethau.",
                    "Bydd canllawiau i rieni, gyda gwybodaeth am sut y bydd awdurdodau lleol yn ymdrin â'u "
                    "cyfrifoldebau newydd dros ddysgwyr ôl-16, yn cael eu hanfon at rieni yn ddiweddarach ym mis "
                    "Medi.",
                ),
                actions=[
                    ActionData(
                        "Guidance for parents on how LAs will handle their new responsibilities for post-16 "
                        "learners to go out to parents later in September.",
                        "Canllawiau i rieni ar sut y bydd awdurdodau lleol yn ymdrin â'u cyfrifoldebau newydd dros "
                        "ddysgwyr ôl-16 i'w hanfon at rieni yn ddiweddarach ym mis Medi.",
                        owner_organisation=WG,
                        due_date=datetime.date(2022, 9, 30),
                    ),
                ],
            ),
            ItemData(
                "National update",
                "Diweddariad cenedlaethol",
                minutes_en=_paragraphs(
                    "The SG discussed figures about the forthcoming year and the numbers of CYP being transferred "
                    "from the SEN to the ALN system which was presented in meeting papers. Members agreed SEN to "
                    "ALN transfers should be monitored by the SG.",
                    "LAs and schools were currently coping with managing transfers to the ALN system, and the "
                    "system itself, but there was concern for the potential for more emergence of social and "
                    "emotional needs in young people. All schools and LAs had seen increases in demand for "
                    "services, including but not exclusive to ALN. Concerns about timescales for and numbers of "
                    "SEN to ALN transfers in the third year had also been raised.",
                ),
                minutes_cy=_paragraphs(
                    "Trafododd y Grŵp Llywio ffigurau am y flwyddyn i ddod a niferoedd y plant a'r bobl ifanc sy'n "
                    "cael eu trosglwyddo o'r system AAA i'r system ADY, a gyflwynwyd ym mhapurau'r cyfarfod. "
                    "Cytunodd yr aelodau y dylai'r trosglwyddiadau o AAA i ADY gael eu monitro gan y Grŵp Llywio.",
                    "Roedd awdurdodau lleol ac ysgolion yn ymdopi ar hyn o bryd â rheoli'r trosglwyddiadau i'r "
                    "system ADY, a'r system ei hun, ond roedd pryder y gallai mwy o anghenion cymdeithasol ac "
                    "emosiynol ddod i'r amlwg ymhlith pobl ifanc. Roedd pob ysgol ac awdurdod lleol wedi gweld "
                    "cynnydd yn y galw am wasanaethau, gan gynnwys ADY ond heb fod yn gyfyngedig iddo. Roedd "
                    "pryderon hefyd wedi'u codi ynghylch amserlenni a niferoedd y trosglwyddiadau o AAA i ADY yn y "
                    "drydedd flwyddyn.",
                ),
                decisions=[
                    (
                        "Members agreed SEN to ALN transfers should be monitored by the SG.",
                        "Cytunodd yr aelodau y dylai'r trosglwyddiadau o AAA i ADY gael eu monitro gan y Grŵp Llywio.",
                    ),
                ],
            ),
        ],
    ),
    ItemData(
        "Group workstreams & networks",
        "Ffrydiau gwaith a rhwydweithiau'r grŵp",
        kind=ItemKind.GROUP_REPORTS,
        duration_minutes=20,
        sub_items=[
            ItemData(
                "Planning Group workstreams",
                "Cynllunio ffrydiau gwaith y grŵp",
                **WG_OFFICIALS,
                minutes_en="WG officials asked the SG to feedback on proposed workstreams and consider which "
                "sub-groups could be established to support the SG, and who could contribute towards those groups "
                "from the members’ networks.",
                minutes_cy="Gofynnodd swyddogion LlC i'r Grŵp Llywio roi adborth ar y ffrydiau gwaith arfaethedig "
                "ac ystyried pa is-grwpiau y gellid eu sefydlu i gefnogi'r Grŵp Llywio, a phwy o rwydweithiau'r "
                "aelodau a allai gyfrannu at y grwpiau hynny.",
                actions=[
                    # Owed by every member: the secretariat, who collects the replies, holds it in the log.
                    ActionData(
                        "SG members to feed back on the proposed workstreams and consider which sub-groups could be "
                        "established to support the SG, and who from their networks could contribute to them.",
                        "Aelodau'r Grŵp Llywio i roi adborth ar y ffrydiau gwaith arfaethedig ac ystyried pa "
                        "is-grwpiau y gellid eu sefydlu i gefnogi'r Grŵp Llywio, a phwy o'u rhwydweithiau a allai "
                        "gyfrannu atynt.",
                        owner_email=SECRETARIAT,
                    ),
                ],
            ),
        ],
    ),
    ItemData(
        "Welsh Government Business",
        "Busnes Llywodraeth Cymru",
        lead_organisation=WG,
        duration_minutes=40,
        sub_items=[
            ItemData(
                "Electively Home Educated (EHE) Task and finish group",
                "Grŵp gorchwyl a gorffen Addysg Ddewisol yn y Cartref (ADdC)",
                **WG_OFFICIALS,
                minutes_en=_paragraphs(
                    "WG officials discussed a national EHE stakeholder group which has representation from LAs, "
                    "Estyn and WLGA. A sub-group has been established to look at EHE/ALN and wider packages of "
                    "support.",
                    "WG have provided additional funding to support LAs to enhance capacity, to enable LAs to "
                    "appoint additional members of staff, given the increasing numbers and to support education "
                    "that is delivered at home.",
                ),
                minutes_cy=_paragraphs(
                    "Trafododd swyddogion LlC grŵp rhanddeiliaid cenedlaethol ar addysg ddewisol yn y cartref "
                    "(ADdC), sydd â chynrychiolaeth o awdurdodau lleol, Estyn a CLlLC. Mae is-grŵp wedi'i sefydlu "
                    "i edrych ar ADdC/ADY a phecynnau cymorth ehangach.",
                    "Mae LlC wedi darparu cyllid ychwanegol i helpu awdurdodau lleol i gynyddu eu capasiti, er "
                    "mwyn eu galluogi i benodi aelodau staff ychwanegol, o ystyried y niferoedd cynyddol, ac i "
                    "gefnogi addysg a ddarperir yn y cartref.",
                ),
            ),
            ItemData(
                "Looked After Children (LAC)",
                "Plant sy'n Derbyn Gofal",
                lead_organisation=WG,
                minutes_en=_paragraphs(
                    "WG shared a LAC scenario paper which had been developed in response to several queries around "
                    "cross-county responsibility for LAC. It is intended to support consistent interpretation of "
                    "the Act and Code across Wales.",
                    "WG asked the SG to consider the paper outside of the meeting and respond with feedback by 27 "
                    "September – whether it meets requirements, if there are gaps, if there are other issues that "
                    "haven’t been considered.",
                ),
                minutes_cy=_paragraphs(
                    "Rhannodd LlC bapur senario ar blant sy'n derbyn gofal a ddatblygwyd mewn ymateb i sawl "
                    "ymholiad ynghylch cyfrifoldeb rhwng siroedd am blant sy'n derbyn gofal. Ei nod yw cefnogi "
                    "dehongliad cyson o'r Ddeddf a'r Cod ledled Cymru.",
                    "Gofynnodd LlC i'r Grŵp Llywio ystyried y papur y tu allan i'r cyfarfod ac ymateb gydag adborth "
                    "erbyn 27 Medi – a yw'n bodloni'r gofynion, a oes bylchau, ac a oes materion eraill nad ydynt "
                    "wedi'u hystyried.",
                ),
                actions=[
                    ActionData(
                        "SG members to consider the LAC scenario paper and respond with feedback by 27 September "
                        "2022: whether it meets requirements, if there are gaps, and any other issues not yet "
                        "considered.",
                        "Aelodau'r Grŵp Llywio i ystyried y papur senario ar blant sy'n derbyn gofal ac ymateb gydag "
                        "adborth erbyn 27 Medi 2022: a yw'n bodloni'r gofynion, a oes bylchau, ac unrhyw faterion "
                        "eraill nad ydynt wedi'u hystyried eto.",
                        owner_email=SECRETARIAT,
                        due_date=datetime.date(2022, 9, 27),
                    ),
                ],
            ),
            ItemData(
                "PLASC data",
                "Data CYBLD",
                lead_organisation=WG,
                minutes_en=_paragraphs(
                    "The latest PLASC data release showed a 20% reduction in ALN numbers to 74,600. WG expected "
                    "fluctuations, LAs had provided insight to reasons for drops in numbers and WG were content that "
                    "in preparation of the commencement of the Act, the needs of users have been reviewed and "
                    "additional learning provision (ALP) revised as appropriate. WG will continue to seek LAs’ "
                    "reassurance around data and ensure the needs of learners are being met.",
                    "WG would establish a working group to plan for future changes to data capture and to inform "
                    "monitoring of ALN numbers and reform but did not expect any further changes until January "
                    "2025.",
                ),
                minutes_cy=_paragraphs(
                    "Dangosodd y data CYBLD diweddaraf a ryddhawyd ostyngiad o 20% yn nifer y dysgwyr ag ADY, i "
                    "74,600. Roedd LlC yn disgwyl amrywiadau; roedd awdurdodau lleol wedi rhoi cipolwg ar y "
                    "rhesymau dros y gostyngiadau yn y niferoedd, ac roedd LlC yn fodlon bod anghenion defnyddwyr "
                    "wedi'u hadolygu, wrth baratoi ar gyfer cychwyn y Ddeddf, a bod darpariaeth ddysgu ychwanegol "
                    "(DDY) wedi'i diwygio fel y bo'n briodol. Bydd LlC yn parhau i geisio sicrwydd gan awdurdodau "
                    "lleol ynghylch y data ac yn sicrhau bod anghenion dysgwyr yn cael eu diwallu.",
                    "Byddai LlC yn sefydlu gweithgor i gynllunio ar gyfer newidiadau i'r ffordd y caiff data eu "
                    "casglu yn y dyfodol ac i lywio'r gwaith o fonitro niferoedd ADY a'r diwygiadau, ond nid oedd "
                    "yn disgwyl unrhyw newidiadau pellach tan fis Ionawr 2025.",
                ),
                actions=[
                    ActionData(
                        "WG to continue to seek LAs’ reassurance around data and ensure the needs of learners are "
                        "being met.",
                        "LlC i barhau i geisio sicrwydd gan awdurdodau lleol ynghylch y data a sicrhau bod anghenion "
                        "dysgwyr yn cael eu diwallu.",
                        owner_organisation=WG,
                    ),
                    ActionData(
                        "WG to establish a working group to plan for future changes to data capture and to inform "
                        "monitoring of ALN numbers and reform.",
                        "LlC i sefydlu gweithgor i gynllunio ar gyfer newidiadau i'r ffordd y caiff data eu casglu yn "
                        "y dyfodol ac i lywio'r gwaith o fonitro niferoedd ADY a'r diwygiadau.",
                        owner_organisation=WG,
                    ),
                ],
            ),
        ],
    ),
    ItemData(
        "Health and Local Authority forum",
        "Fforwm Iechyd ac Awdurdodau Lleol",
        lead_organisation=WG,
        duration_minutes=20,
        minutes_en=_paragraphs(
            "WG would establish a forum to manage common queries and issues that are received from LAs and Health "
            "colleagues. An event was planned for mid-October, focussing on:",
            "- Meaning of and what constitutes ALP, and how Health colleagues should be involved in the "
            "development of ALP\n"
            "- Looking at person centred practice (PCP) and how to ensure the service user/learner voice is "
            "heard,\n"
            "- Disputes, complaints, parental rights, and Tribunal\n"
            "- Sharing emerging practice and ways of working",
            "The SG agreed these themes and suggested development of scenario papers focussing on topics like EHE, "
            "educated other than at school (EOTAS), cross-border issues, etc.",
        ),
        minutes_cy=_paragraphs(
            "Byddai LlC yn sefydlu fforwm i reoli ymholiadau a materion cyffredin a ddaw i law gan awdurdodau "
            "lleol a chydweithwyr iechyd. Roedd digwyddiad wedi'i gynllunio ar gyfer canol mis Hydref, yn "
            "canolbwyntio ar:",
            "- Ystyr DDY a beth sy'n cyfrif fel DDY, a sut y dylai cydweithwyr iechyd fod yn rhan o'r gwaith o "
            "ddatblygu DDY\n"
            "- Edrych ar ymarfer sy'n canolbwyntio ar yr unigolyn a sut i sicrhau bod llais y defnyddiwr "
            "gwasanaeth/dysgwr yn cael ei glywed\n"
            "- Anghydfodau, cwynion, hawliau rhieni, a'r Tribiwnlys\n"
            "- Rhannu arferion sy'n dod i'r amlwg a ffyrdd o weithio",
            "Cytunodd y Grŵp Llywio ar y themâu hyn ac awgrymodd y dylid datblygu papurau senario yn canolbwyntio "
            "ar bynciau fel addysg ddewisol yn y cartref, addysg heblaw yn yr ysgol (AHY), materion trawsffiniol, "
            "ac ati.",
        ),
        decisions=[
            (
                "The SG agreed the themes for the Health and Local Authority forum event and suggested scenario "
                "papers on topics such as EHE, EOTAS and cross-border issues.",
                "Cytunodd y Grŵp Llywio ar y themâu ar gyfer digwyddiad y Fforwm Iechyd ac Awdurdodau Lleol, ac "
                "awgrymodd bapurau senario ar bynciau fel addysg ddewisol yn y cartref, addysg heblaw yn yr ysgol a "
                "materion trawsffiniol.",
            ),
        ],
        actions=[
            # The demo chair also chairs the forum (workstreams.demo).
            ActionData(
                "WG to establish the Health and Local Authority forum for common queries and issues from LAs and "
                "Health colleagues, with its first event in mid-October.",
                "LlC i sefydlu'r Fforwm Iechyd ac Awdurdodau Lleol ar gyfer ymholiadau a materion cyffredin gan "
                "awdurdodau lleol a chydweithwyr iechyd, gyda'i ddigwyddiad cyntaf ganol mis Hydref.",
                owner_email=CHAIR,
                owner_organisation=WG,
                due_date=datetime.date(2022, 10, 14),
            ),
        ],
    ),
    ItemData(
        "Any Other Business",
        "Unrhyw Fater Arall",
        kind=ItemKind.ANY_OTHER_BUSINESS,
        **WG_OFFICIALS,
        duration_minutes=10,
        minutes_en=_paragraphs(
            "WG officials confirmed work to recruit of a substantive National Implementation Lead was on-going. WG "
            "were also exploring options to extend the Interim Lead role to avoid gaps in delivery and would update "
            "the Group once this was resolved.",
            "Meeting closed, next meeting 17 November 2022.",
        ),
        minutes_cy=_paragraphs(
            "Cadarnhaodd swyddogion LlC fod y gwaith i recriwtio Arweinydd Gweithredu Cenedlaethol parhaol yn mynd "
            "rhagddo. Roedd LlC hefyd yn ystyried opsiynau i ymestyn rôl yr Arweinydd Dros Dro er mwyn osgoi "
            "bylchau o ran cyflawni, a byddai'n rhoi'r wybodaeth ddiweddaraf i'r Grŵp pan fyddai hyn wedi'i "
            "ddatrys.",
            "Daeth y cyfarfod i ben; cynhelir y cyfarfod nesaf ar 17 Tachwedd 2022.",
        ),
        actions=[
            ActionData(
                "WG to update the Group on the recruitment of a substantive National Implementation Lead and on "
                "extending the Interim Lead role, once resolved.",
                "LlC i roi'r wybodaeth ddiweddaraf i'r Grŵp am recriwtio Arweinydd Gweithredu Cenedlaethol parhaol "
                "ac am ymestyn rôl yr Arweinydd Dros Dro, pan fydd hyn wedi'i ddatrys.",
                owner_organisation=WG,
            ),
        ],
    ),
]

# The next meeting's agenda, in the same shape, before anything is written.
MEETING_2_AGENDA = [
    ItemData("Welcome and Introductions", "Croeso a Chyflwyniadau", kind=ItemKind.WELCOME, lead_email=CHAIR),
    ItemData(
        "Minutes and actions of the last meeting",
        "Cofnodion a chamau gweithredu'r cyfarfod diwethaf",
        kind=ItemKind.PREVIOUS_MINUTES,
        lead_email=CHAIR,
    ),
    ItemData(
        "Implementation Leads updates",
        "Diweddariadau gan yr Arweinwyr Gweithredu",
        lead_text_en="Implementation Leads",
        lead_text_cy="Arweinwyr Gweithredu",
        sub_items=[
            ItemData("Post-16", "Ôl-16"),
            ItemData("National update", "Diweddariad cenedlaethol"),
        ],
    ),
    ItemData(
        "Group workstreams & networks",
        "Ffrydiau gwaith a rhwydweithiau'r grŵp",
        kind=ItemKind.GROUP_REPORTS,
        lead_text_en="Chairs of the groups",
        lead_text_cy="Cadeiryddion y grwpiau",
    ),
    ItemData("Any Other Business", "Unrhyw Fater Arall", kind=ItemKind.ANY_OTHER_BUSINESS),
]

PLACE_EN = "Online (Microsoft Teams)"
PLACE_CY = "Ar-lein (Microsoft Teams)"

# Three members of three different bodies sent apologies ("Apologies were given for 3 members").
APOLOGIES = ["academy@example.org", "powys@example.org", "gwent@example.org"]
# An official in attendance who is not a member.
IN_ATTENDANCE = [("Rhian Morgan", WG)]

LAC_PAPER = {
    "item_title_en": "Looked After Children (LAC)",
    "title_en": "LAC scenario paper",
    "title_cy": "Papur senario plant sy'n derbyn gofal",
    "filename_en": "lac-scenario-paper.pdf",
    "filename_cy": "papur-senario-plant-syn-derbyn-gofal.pdf",
    "text_en": "LAC scenario paper - demo file",
    "text_cy": "Papur senario plant sy'n derbyn gofal - ffeil demo",
}


def tiny_pdf(line: str) -> bytes:
    """A valid one-page PDF that shows ``line`` (ASCII, without brackets or backslashes)."""
    stream = f"BT /F1 18 Tf 72 770 Td ({line}) Tj ET".encode("ascii")
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref_at)
    return bytes(pdf)


def _action_model():
    # Actions are the layer above: reached through the relation, as meetings.selectors does.
    return AgendaItem._meta.get_field("actions").related_model


def _add_items(meeting, items, people, organisations, *, parent=None) -> list[tuple[AgendaItem, ItemData]]:
    """The agenda as the secretariat writes it, item by item; the service numbers them in order."""
    added = []
    for data in items:
        item = services.add_item(
            meeting,
            parent=parent,
            kind=data.kind,
            title_en=data.title_en,
            title_cy=data.title_cy,
            lead_person=people[data.lead_email] if data.lead_email else None,
            lead_organisation=organisations[data.lead_organisation] if data.lead_organisation else None,
            lead_text_en=data.lead_text_en,
            lead_text_cy=data.lead_text_cy,
            duration_minutes=data.duration_minutes,
        )
        added.append((item, data))
        added += _add_items(meeting, data.sub_items, people, organisations, parent=item)
    return added


def _load_meeting_1(group, people, organisations, record_action) -> Meeting:
    """Planned, its agenda issued, held, its attendance and minutes written: ready to submit."""
    secretariat = people[SECRETARIAT]
    meeting = services.create_meeting(
        group,
        starts_at=_at(2022, 9, 22, 10, 0),
        ends_at=_at(2022, 9, 22, 12, 30),
        place_en=PLACE_EN,
        place_cy=PLACE_CY,
        chair=people[CHAIR],
    )
    items = _add_items(meeting, MEETING_1_AGENDA, people, organisations)
    _add_lac_paper(meeting, people)
    services.issue_agenda(meeting)
    services.mark_held(meeting, by=secretariat)

    members = Membership.objects.current(MEETING_DAY).filter(group=group).select_related("person", "organisation")
    rows = [
        {
            "membership": membership,
            "status": AttendanceStatus.APOLOGIES if membership.person.email in APOLOGIES else AttendanceStatus.PRESENT,
        }
        for membership in members.order_by("pk")
    ]
    services.record_attendance(meeting, rows, by=secretariat)
    for name, organisation in IN_ATTENDANCE:
        services.add_guest(meeting, name=name, organisation=organisations[organisation])

    for item, data in items:
        if data.minutes_en:
            services.save_item_minutes(
                item,
                minutes_en=data.minutes_en,
                minutes_cy=data.minutes_cy,
                revision=item.minutes_revision,
                by=secretariat,
            )
        for text_en, text_cy in data.decisions:
            services.add_decision(item, text_en=text_en, text_cy=text_cy, by=secretariat)
        for action in data.actions:
            # Status left at its default: open. The text shows none of them done.
            record_action(
                item,
                text_en=action.text_en,
                text_cy=action.text_cy,
                owner_person=people[action.owner_email] if action.owner_email else None,
                owner_organisation=organisations[action.owner_organisation] if action.owner_organisation else None,
                due_date=action.due_date,
                by=secretariat,
            )
    return meeting


def _approve_meeting_1(meeting, people) -> None:
    """Submitted by the secretariat and approved by the chair, once the next meeting was in place
    (the approved record names it)."""
    minutes = selectors.current_minutes(meeting)
    services.submit_minutes(minutes, by=people[SECRETARIAT])
    # The approval's date is in the record the chair approves, and so in its hash: the service
    # writes the snapshot, the hash, approved_at and its history entry on that day itself.
    with as_on(APPROVED_AT):
        services.approve_minutes(minutes, by=people[CHAIR])
    _backdate_meeting_1(meeting)


def _backdate_meeting_1(meeting) -> None:
    """The services stamp each step with the time it ran; the demo's steps happened in 2022.

    Only timestamp columns move here, never a status, the snapshot or its hash.
    """
    Meeting.objects.filter(pk=meeting.pk).update(agenda_issued_at=ISSUED_AT)
    # Recorded at the meeting, not on the day the demo was loaded.
    Decision.objects.filter(item__meeting=meeting).update(created_at=meeting.ends_at)
    _action_model().objects.filter(item__meeting=meeting).update(created_at=meeting.ends_at)
    meeting.items.exclude(minutes_updated_at=None).update(minutes_updated_at=WRITTEN_AT)
    meeting.minutes_versions.update(submitted_at=SUBMITTED_AT)
    events = MinutesEvent.objects.filter(meeting=meeting)
    events.filter(kind__in=[MinutesEventKind.STARTED, MinutesEventKind.ATTENDANCE]).update(at=HELD_AT)
    written = [MinutesEventKind.ITEM_EDITED, MinutesEventKind.DECISION_ADDED, MinutesEventKind.ACTION_ADDED]
    events.filter(kind__in=written).update(at=WRITTEN_AT)
    events.filter(kind=MinutesEventKind.SUBMITTED).update(at=SUBMITTED_AT)


# Meeting 2's cycle in 2022: scheduled (members invited), replies, the agenda issued with its
# pack, then a paper after the papers deadline, which updates the pack. It was never marked as
# held, so the service flags it to the secretariat today.
SCHEDULED_2_AT = _at(2022, 10, 20, 9, 0)
REPLIES_2 = [
    ("adew@example.org", ReplyAnswer.ATTENDING, ""),
    ("snap@example.org", ReplyAnswer.ONLINE, ""),
    ("gwynedd@example.org", ReplyAnswer.ATTENDING, ""),
    ("powys@example.org", ReplyAnswer.APOLOGIES, ""),
    ("commissioner@example.org", ReplyAnswer.DEPUTY, "Sara Davies"),
]
ISSUED_2_AT = _at(2022, 11, 3, 9, 0)
LATE_PAPER_AT = _at(2022, 11, 15, 16, 30)
LATE_PAPER = {
    "item_title_en": "National update",
    "title_en": "ALN implementation: update for November",
    "title_cy": "Gweithredu ADY: diweddariad ar gyfer mis Tachwedd",
    "text_en": "ALN implementation update - demo file",
    "text_cy": "Diweddariad gweithredu ADY - ffeil enghreifftiol",
}


def _load_meeting_2(group, people, organisations) -> Meeting:
    """Walked on the days it happened (``as_on``): the invitation went to a meeting still to come."""
    with as_on(SCHEDULED_2_AT):
        meeting = services.create_meeting(
            group,
            starts_at=_at(2022, 11, 17, 10, 0),
            ends_at=_at(2022, 11, 17, 12, 30),
            place_en=PLACE_EN,
            place_cy=PLACE_CY,
            online_link="https://teams.example.org/aln-steering-group-2",
            chair=people[CHAIR],
        )
        _add_items(meeting, MEETING_2_AGENDA, people, organisations)
    for number, (email, answer, deputy) in enumerate(REPLIES_2):
        seat = Membership.objects.current(meeting.starts_at.date()).get(group=group, person=people[email])
        with as_on(SCHEDULED_2_AT + datetime.timedelta(days=2 + number)):
            services.reply(meeting, seat, answer=answer, deputy_name=deputy, by=people[email])
    with as_on(ISSUED_2_AT):
        services.issue_agenda(meeting)
        agenda.send_pack(meeting.pk)
    item = meeting.items.get(title_en=LATE_PAPER["item_title_en"])
    with as_on(LATE_PAPER_AT):
        services.add_paper(
            item,
            by=people[SECRETARIAT],
            title_en=LATE_PAPER["title_en"],
            title_cy=LATE_PAPER["title_cy"],
            file_en=ContentFile(tiny_pdf(LATE_PAPER["text_en"]), name="aln-update-november.pdf"),
            file_cy=ContentFile(tiny_pdf(LATE_PAPER["text_cy"]), name="diweddariad-ady-tachwedd.pdf"),
            filename_en="aln-update-november.pdf",
            filename_cy="diweddariad-ady-tachwedd.pdf",
        )
        agenda.send_pack(meeting.pk)
    return meeting


def _load_next_meeting(group, people, previous) -> Meeting:
    """The group's next meeting, three weeks from the day the demo is loaded, so that a newcomer
    sees the live parts today: its invitation gone out, some replies, papers due."""
    day = timezone.localdate() + datetime.timedelta(days=21)
    meeting = services.create_meeting(
        group,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
        ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 30))),
        place_en=PLACE_EN,
        place_cy=PLACE_CY,
        online_link="https://teams.example.org/aln-steering-group-next",
        chair=people[CHAIR],
        copy_agenda_from=previous,
    )
    for email, answer, deputy in [
        ("adew@example.org", ReplyAnswer.ATTENDING, ""),
        ("estyn@example.org", ReplyAnswer.ONLINE, ""),
        ("gwent@example.org", ReplyAnswer.APOLOGIES, ""),
        ("wlga@example.org", ReplyAnswer.DEPUTY, "Rhys Jenkins"),
    ]:
        seat = Membership.objects.current(day).get(group=group, person=people[email])
        services.reply(meeting, seat, answer=answer, deputy_name=deputy, by=people[email])
    return meeting


def _add_lac_paper(meeting, people) -> None:
    item = meeting.items.filter(title_en=LAC_PAPER["item_title_en"], parent__isnull=False).first()
    if item is None or item.papers.filter(title_en=LAC_PAPER["title_en"]).exists():
        return
    with as_on(ISSUED_AT):  # in time for the papers deadline, so not marked late
        services.add_paper(
            item,
            by=people[SECRETARIAT],
            title_en=LAC_PAPER["title_en"],
            title_cy=LAC_PAPER["title_cy"],
            file_en=ContentFile(tiny_pdf(LAC_PAPER["text_en"]), name=LAC_PAPER["filename_en"]),
            file_cy=ContentFile(tiny_pdf(LAC_PAPER["text_cy"]), name=LAC_PAPER["filename_cy"]),
            filename_en=LAC_PAPER["filename_en"],
            filename_cy=LAC_PAPER["filename_cy"],
            confidential=False,
        )


EHE_DELIVERABLES = [
    # (English, Welsh, months from the start, status then, status now)
    ("Draft guidance for local authorities", "Canllawiau drafft i awdurdodau lleol", 2, "on_track", "done"),
    (
        "Consultation with home-educating families",
        "Ymgynghori â theuluoedd sy'n addysgu gartref",
        4,
        "not_started",
        "at_risk",
    ),
    ("Final guidance to the Steering Group", "Canllawiau terfynol i'r Grŵp Llywio", 6, "not_started", "on_track"),
]


def _ehe_reports(next_meeting, people) -> None:
    """The EHE task-and-finish group's deliverables, their status three months ago and now, and its
    highlight report to the steering group's next meeting."""
    ehe = Group.objects.get(slug="ehe-task-and-finish-group")
    secretariat = people[SECRETARIAT]
    if not ehe.deliverables.exists():
        today = timezone.localdate()
        for title_en, title_cy, months, then, now in EHE_DELIVERABLES:
            deliverable = Deliverable(
                group=ehe,
                title_en=title_en,
                title_cy=title_cy,
                status=then,
                due_date=today + datetime.timedelta(days=30 * months - 60),
            )
            with as_on(timezone.now() - datetime.timedelta(days=90)):
                workstreams_services.save_deliverable(deliverable, by=secretariat)
            deliverable.status = now
            workstreams_services.save_deliverable(deliverable, by=secretariat)
    if not ehe.reports.filter(meeting=next_meeting).exists():
        workstreams_services.write_report(
            ehe,
            meeting=next_meeting,
            by=secretariat,
            no_change=False,
            progress_en="The draft guidance for local authorities is finished and shared with the group's members.",
            progress_cy="Mae'r canllawiau drafft i awdurdodau lleol wedi'u gorffen a'u rhannu ag aelodau'r grŵp.",
            risks_en="Few families have answered the consultation so far.",
            risks_cy="Ychydig o deuluoedd sydd wedi ateb yr ymgynghoriad hyd yma.",
            asks_en="Members to share the consultation with the families they work with.",
            asks_cy="Aelodau i rannu'r ymgynghoriad â'r teuluoedd y maent yn gweithio gyda nhw.",
        )


def _plan_ahead(group, people) -> None:
    """The forward work programme: an item the secretariat planned for a meeting in the spring,
    and a member's proposal for the next meeting, waiting for the secretariat."""
    services.plan_item(
        group,
        by=people[SECRETARIAT],
        title_en="The ALN Code one year on: what local authorities report",
        title_cy="Y Cod ADY flwyddyn yn ddiweddarach: yr hyn y mae awdurdodau lleol yn ei adrodd",
        lead_organisation=Organisation.objects.get(name_en="Welsh Local Government Association"),
        not_before=timezone.localdate() + datetime.timedelta(days=90),
    )
    services.plan_item(
        group,
        by=people["member@example.org"],
        title_en="School transport for learners with ALN",
        title_cy="Cludiant i'r ysgol i ddysgwyr ag ADY",
        why_en="Several families in Cardiff have raised delays in arranging transport after an IDP is agreed.",
        why_cy="Mae sawl teulu yng Nghaerdydd wedi codi oedi wrth drefnu cludiant ar ôl cytuno ar CDU.",
    )


def _publish_meeting_1(meeting, people) -> None:
    """Published as the seed's minutes were on gov.wales, through the service (it checks that the
    Welsh is complete). The copies emailed to the members went in October 2022: each delivery is
    marked sent to the member's address on that day, as history_told marks 2022's notices, so
    nobody is emailed the 2022 minutes now."""
    minutes = selectors.current_minutes(meeting)
    with as_on(PUBLISHED_AT):
        published = circulation.publish_minutes(minutes, by=people[SECRETARIAT])
    # The PDF is rendered by the circulate_minutes task, which then finds nothing left to send.
    address = Person.objects.filter(pk=OuterRef("person_id")).values("email")[:1]
    published.deliveries.update(
        status=DeliveryStatus.SENT, sent_at=PUBLISHED_AT, attempts=1, times_sent=1, sent_to=Subquery(address)
    )


def history_told(since: int) -> None:
    """The notices the walk through 2022 made were sent then: they are marked sent on the day they
    were made, and go to nobody now. Only what the demo does today (the next meeting) is sent."""
    Notice.objects.filter(pk__gt=since, status=NoticeStatus.WAITING).update(
        status=NoticeStatus.SENT, sent_at=F("created_at")
    )


@transaction.atomic
def load(*, record_action, publish: bool = True) -> dict[str, int]:
    """Needs workstreams.demo loaded first: the group, its people and their memberships.

    ``publish=False`` leaves meeting 1 approved and unpublished, for the tests of publishing.

    ``record_action`` is actions.services.record_action, handed down by the load_demo command:
    actions are the layer above, which meetings never imports.
    """
    group = Group.objects.get(slug=SG_SLUG)
    since = Notice.objects.aggregate(last=Max("pk"))["last"] or 0
    people = {person.email: person for person in Person.objects.filter(email__endswith="@example.org")}
    organisations = {organisation.name_en: organisation for organisation in Organisation.objects.all()}

    # create_meeting numbers the group's meetings in turn: the first made here is 1, the next 2.
    meeting_1 = Meeting.objects.filter(group=group, number=1).first()
    new = meeting_1 is None
    if new:
        meeting_1 = _load_meeting_1(group, people, organisations, record_action)
    meeting_2 = Meeting.objects.filter(group=group, number=2).first() or _load_meeting_2(group, people, organisations)
    _add_lac_paper(meeting_1, people)  # for a meeting 1 loaded before the demo had its paper
    if new:
        _approve_meeting_1(meeting_1, people)
    if publish and not meeting_1.minutes_versions.filter(circulation__isnull=False).exists():
        _publish_meeting_1(meeting_1, people)
    history_told(since)

    next_meeting = group.meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    if next_meeting is None:
        next_meeting = _load_next_meeting(group, people, meeting_2)

    if not PlannedItem.objects.filter(group=group).exists():
        _plan_ahead(group, people)
    _ehe_reports(next_meeting, people)

    meetings = [meeting_1, meeting_2, next_meeting]
    attendance = Attendance.objects.filter(meeting__in=meetings)
    return {
        "meetings": len(meetings),
        "agenda items": AgendaItem.objects.filter(meeting__in=meetings).count(),
        "decisions": Decision.objects.filter(item__meeting__in=meetings).count(),
        "actions": _action_model().objects.filter(item__meeting__in=meetings).count(),
        "attendance": attendance.count(),
        "apologies": attendance.filter(status=AttendanceStatus.APOLOGIES).count(),
        "papers": Paper.objects.filter(item__meeting__in=meetings).count(),
    }
