"""The demo meetings: the steering group's meeting of 22 September 2022 as the seed minutes record it,
approved by the chair, and the next meeting (17 November 2022), planned.

The English minutes are the seed's text (shared/seed/aln-steering-group-minutes-2022-09.en.txt),
word for word; the Welsh is a demo translation that uses the terms in shared/seed/terms-cy.md.
Loading twice changes nothing: a meeting that already exists is left as it is.

Actions belong to a higher layer (actions → meetings), so their model is reached through the
relation from AgendaItem, never imported.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from steering.models import Person
from workstreams.demo import SG_SLUG
from workstreams.models import Group, Membership, Organisation

from . import record
from .enums import AttendanceStatus, ItemKind, MeetingStatus, MinutesEventKind, MinutesStatus
from .models import AgendaItem, Attendance, Decision, Meeting, Minutes, MinutesEvent, Paper

WG = "Welsh Government"
CHAIR = "chair@example.org"
SECRETARIAT = "secretariat@example.org"
MEETING_DAY = datetime.date(2022, 9, 22)


def _at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


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
    created = []
    for position, data in enumerate(items, start=1):
        has_minutes = bool(data.minutes_en)
        item = AgendaItem.objects.create(
            meeting=meeting,
            parent=parent,
            position=position,
            kind=data.kind,
            title_en=data.title_en,
            title_cy=data.title_cy,
            lead_person=people[data.lead_email] if data.lead_email else None,
            lead_organisation=organisations[data.lead_organisation] if data.lead_organisation else None,
            lead_text_en=data.lead_text_en,
            lead_text_cy=data.lead_text_cy,
            duration_minutes=data.duration_minutes,
            minutes_en=data.minutes_en,
            minutes_cy=data.minutes_cy,
            minutes_revision=1 if has_minutes else 0,
            minutes_updated_by=people[SECRETARIAT] if has_minutes else None,
            minutes_updated_at=_at(2022, 9, 28, 11, 0) if has_minutes else None,
        )
        created.append((item, data))
        created += _add_items(meeting, data.sub_items, people, organisations, parent=item)
    return created


def _load_meeting_1(group, people, organisations) -> Meeting:
    secretariat, chair = people[SECRETARIAT], people[CHAIR]
    meeting = Meeting.objects.create(
        group=group,
        number=1,
        starts_at=_at(2022, 9, 22, 10, 0),
        ends_at=_at(2022, 9, 22, 12, 30),
        place_en=PLACE_EN,
        place_cy=PLACE_CY,
        chair=chair,
        status=MeetingStatus.APPROVED,
    )
    Action = _action_model()
    for item, data in _add_items(meeting, MEETING_1_AGENDA, people, organisations):
        for text_en, text_cy in data.decisions:
            Decision.objects.create(item=item, text_en=text_en, text_cy=text_cy, created_by=secretariat)
        for action in data.actions:
            # Status left at its default: open. The text shows none of them done.
            Action.objects.create(
                group=group,
                item=item,
                text_en=action.text_en,
                text_cy=action.text_cy,
                owner_person=people[action.owner_email] if action.owner_email else None,
                owner_organisation=organisations[action.owner_organisation] if action.owner_organisation else None,
                due_date=action.due_date,
                created_by=secretariat,
            )
    # Recorded at the meeting, not on the day the demo was loaded.
    Decision.objects.filter(item__meeting=meeting).update(created_at=meeting.ends_at)
    Action.objects.filter(item__meeting=meeting).update(created_at=meeting.ends_at)

    members = Membership.objects.current(MEETING_DAY).filter(group=group).select_related("person", "organisation")
    for membership in members.order_by("pk"):
        Attendance.objects.create(
            meeting=meeting,
            membership=membership,
            organisation=membership.organisation,
            status=AttendanceStatus.APOLOGIES if membership.person.email in APOLOGIES else AttendanceStatus.PRESENT,
        )
    for name, organisation in IN_ATTENDANCE:
        Attendance.objects.create(
            meeting=meeting, name=name, organisation=organisations[organisation], status=AttendanceStatus.PRESENT
        )
    return meeting


def _approve_meeting_1(meeting, people) -> None:
    """Approved as the chair did, once the agenda's papers and the next meeting were in place."""
    secretariat, chair = people[SECRETARIAT], people[CHAIR]
    minutes = Minutes.objects.create(
        meeting=meeting,
        version=1,
        status=MinutesStatus.APPROVED,
        submitted_at=_at(2022, 9, 29, 16, 0),
        approved_by=chair,
        approved_at=_at(2022, 10, 3, 14, 0),
    )
    minutes.snapshot = record.build(minutes, approval=record.Approval(chair.full_name, minutes.approved_at)).as_dict()
    minutes.content_hash = record.content_hash(minutes.snapshot)
    minutes.save(update_fields=["snapshot", "content_hash"])
    history = [
        (MinutesEventKind.STARTED, secretariat, "", _at(2022, 9, 22, 13, 0)),
        (MinutesEventKind.SUBMITTED, secretariat, "", minutes.submitted_at),
        (MinutesEventKind.APPROVED, chair, minutes.content_hash[:12], minutes.approved_at),
    ]
    for kind, actor, detail, at in history:
        event = MinutesEvent.objects.create(
            meeting=meeting, minutes_version=minutes.version, kind=kind, actor=actor, detail=detail
        )
        MinutesEvent.objects.filter(pk=event.pk).update(at=at)  # `at` is set on creation; back-date it


def _load_meeting_2(group, people, organisations) -> Meeting:
    meeting = Meeting.objects.create(
        group=group,
        number=2,
        starts_at=_at(2022, 11, 17, 10, 0),
        ends_at=_at(2022, 11, 17, 12, 30),
        place_en=PLACE_EN,
        place_cy=PLACE_CY,
        chair=people[CHAIR],
        status=MeetingStatus.PLANNED,
    )
    _add_items(meeting, MEETING_2_AGENDA, people, organisations)
    return meeting


def _add_lac_paper(meeting, people) -> None:
    item = meeting.items.filter(title_en=LAC_PAPER["item_title_en"], parent__isnull=False).first()
    if item is None or item.papers.filter(title_en=LAC_PAPER["title_en"]).exists():
        return
    paper = Paper(
        item=item,
        title_en=LAC_PAPER["title_en"],
        title_cy=LAC_PAPER["title_cy"],
        filename_en=LAC_PAPER["filename_en"],
        filename_cy=LAC_PAPER["filename_cy"],
        confidential=False,
        uploaded_by=people[SECRETARIAT],
    )
    paper.file_en.save(LAC_PAPER["filename_en"], ContentFile(tiny_pdf(LAC_PAPER["text_en"])), save=False)
    paper.file_cy.save(LAC_PAPER["filename_cy"], ContentFile(tiny_pdf(LAC_PAPER["text_cy"])), save=False)
    paper.save()


@transaction.atomic
def load() -> dict[str, int]:
    """Needs workstreams.demo loaded first: the group, its people and their memberships."""
    group = Group.objects.get(slug=SG_SLUG)
    people = {person.email: person for person in Person.objects.filter(email__endswith="@example.org")}
    organisations = {organisation.name_en: organisation for organisation in Organisation.objects.all()}

    meeting_1 = Meeting.objects.filter(group=group, number=1).first()
    new = meeting_1 is None
    if new:
        meeting_1 = _load_meeting_1(group, people, organisations)
    meeting_2 = Meeting.objects.filter(group=group, number=2).first() or _load_meeting_2(group, people, organisations)
    _add_lac_paper(meeting_1, people)
    if new:
        _approve_meeting_1(meeting_1, people)

    meetings = [meeting_1, meeting_2]
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
