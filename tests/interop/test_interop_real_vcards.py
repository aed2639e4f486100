"""Every real-world .vcf in the shared fixtures imports as a careful reader of it would expect.

The files (phones, mail programs, address books) live beside the repository and are
only read here; the tests skip when they are absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coffeechat.interop import InteropError
from coffeechat.interop.merge import Candidate, Skipped
from coffeechat.interop.vcard import vcard_items

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "vcard"
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures absent")


@dataclass
class P:
    """What one card should give: name, company, title, e-mails, phones and note."""

    name: str
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    note: str = ""


SKIP = "no name"
LICENCE = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY '
    "EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF "
    "MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL "
    "THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, "
    "SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT "
    "OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) "
    "HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR "
    "TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS "
    "SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
)
OUTLOOK_LICENCE = LICENCE.replace(
    'THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"', "GEORGE EL-HADDAD ''AS IS''"
).replace("THE COPYRIGHT HOLDER OR CONTRIBUTORS", "GEORGE EL-HADDAD OR CONTRIBUTORS")
LOTUS_NOTE = (
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\n'
    "AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO , THE\n"
    "IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR P URPOSE\n"
    "ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTOR S BE\n"
    "LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR\n"
    "CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF\n"
    " SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS \n"
    "INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN\n"
    " CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)\n"
    "A RISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE\n"
    " POSSIBILITY OF SUCH DAMAGE."
)
JOHN_DOE = "Mr. John Richter James Doe Sr."
IBM_PHONES = ["905-555-1234", "905-666-1234", "905-777-1234", "905-888-1234", "905-999-1234",
              "905-111-1234", "905-222-1234"]
N_TILDE_NOTE = (("Ñ " * 7 + "Ñ") * 2 + "Ñ " * 5).strip()
MUSTERMANN = P("Herr Max Anderer Mustermann sen.", "Musterfirma GmbH", "Musterposition",
               ["max.mustermann@musterfirma.de"],
               [f"+49 (0611) 123456 - {n}" for n in (11, 12, 14, 13)],
               "Hier noch ein paar notizen")
WIMMEL = P("Rudi Wimmel", "Wurstdarm KG", "Compliance Officer", ["Wimmel@wurstdarm.de"],
           ["0987 /6543", "9876 /11223344"])
KINZEL = P("Folker Kinzel", emails=["email1@wumms.de", "email2@folker-kinzel.de"],
           phones=["0123-45678"])
KMS = P("KMS Außenstelle", "KMS Außenstelle", emails=["blablö@blub.com"],
        phones=["03443-303776", "03443-333440"])
KOMMENTAR = "Kommentar ÄÄÄÄÄÄ ääääää ÖÖÖÖÖÖ öööööö ÜÜÜÜÜÜ üüüüüü ßßßßßß"

EXPECTED: dict[str, list[P | str]] = {
    "android_v21_adr_multiple_line.vcf": [P("bogus")],
    "android_v21_android_custom_prop.vcf": [SKIP],
    # 2.1 escapes nothing outside structured values: FN is taken literally.
    "android_v21_backslash.vcf": [P("A;B\\C\\;D:E\\\\")],
    "android_v21_base64_no_2_crlf.vcf": [P("fullname")],
    "android_v21_blackberry_photo.vcf": [
        P("boogie", emails=["forrestgump@walladalla.com"], phones=["+5555555", "+5555556"])],
    "android_v21_complicated.vcf": [P(
        "Joe Due", "Gump Shrimp Co.", "Shrimp Man",
        ["forrestgump@walladalla.com", "cell@example.com"],
        ["(111) 555-1212", "(404) 555-1212", "0311111111", "0322222222", "0333333333"],
        "The following note is the example from RFC 2045.\n\n"
        "Now's the time for all folk to come to the aid of their country.")],
    "android_v21_im.vcf": [P("Nick")],
    "android_v21_invalid_comment_line.vcf": [P(
        "Conference Call",
        note="This is an (sharp ->#<- sharp) example. This message must NOT be ignored.")],
    "android_v21_invalid_multiple_line.vcf": [P("Omega", emails=["omega@example.com"])],
    "android_v21_japanese_1.vcf": [P("安藤ロイド", phones=["0300000000"])],
    "android_v21_japanese_2.vcf": [P("安藤 ロイド 1", note="メモ")],
    "android_v21_japanese_3.vcf": [P("伊能 圭一 伊予")],
    "android_v21_malformed_photo.vcf": [P("fullname")],
    "android_v21_multiple_entry.vcf": [
        P("安藤ロイド3", phones=["9", "10", "11", "12"]),
        P("安藤ロイド4", phones=["13", "14", "15", "16"]),
        P("安藤ロイド5", phones=["17", "18", "19", "20"])],
    "android_v21_nest.vcf": [P("nest1"), P("nest2"), P("parent", phones=["1"])],
    "android_v21_org_before_title.vcf": [P("Normal Guy", "Company", "Excellent Janitor")],
    "android_v21_pref_handling.vcf": [P("Smith", "Company", "Engineer",
                                        ["test@example.com", "test2@examination.com"],
                                        ["2", "1", "3"])],
    "android_v21_simple_1.vcf": [P("Roid Ando")],
    "android_v21_simple_2.vcf": [P("Ando Roid")],
    "android_v21_simple_3.vcf": [P("Ando Roid")],
    "android_v21_sip.vcf": [P("Android")],
    "android_v21_title_before_org.vcf": [P("Nice Guy", "Marverous", "Cool Title")],
    "android_v21_winmo_65.vcf": [P("Example")],
    "android_v21_x_android_custom_after_photo.vcf": [P("Roid Ando")],
    "android_v21_x_param.vcf": [P("Roid Ando", emails=["email@example.com",
                                                      "email2@example.com"],
                                  phones=["1", "2"])],
    "android_v30_comma_separated.vcf": [P("G M F", phones=["1"])],
    "android_v30_ios_613_multiline.vcf": [P("Bob Smith", "Smith Auto Repair",
                                            emails=["bob@smithauto.com"],
                                            phones=["(650) 555-1212"])],
    "android_v30_japanese.vcf": [P("伊能 圭一 伊予")],
    "android_v30_multibyte_param.vcf": [P("G M F", phones=["1"])],
    "android_v30_pager.vcf": [P("G M F", phones=["6101231234@pagersample.com"])],
    "android_v30_pause_wait.vcf": [P("Pause Wait", phones=["p1234p5678w9"])],
    "android_v30_simple.vcf": [P("And Roid", "Open", phones=["0300000000"])],
    "android_v30_sip.vcf": [P("Android")],
    "android_v40_sip.vcf": [P("安藤 ロイド", phones=["1", "sip:example@example.com"])],
    "android_v40_sort_as.vcf": [P("安藤 ロイド", "グーグル")],
    "ezvcard_John_Doe_ANDROID.vcf": [
        SKIP, SKIP,
        P("Ñ Ñ Ñ Ñ Ñ", phones=["123456789"]),
        P(" ".join("Ñ" * 11), phones=["123456", "234567", "3456789", "45678901"],
          note=f"{N_TILDE_NOTE}\n\n{N_TILDE_NOTE}"),
        P("Ñ Ñ Ñ Ñ", "Ñ" * 12, emails=["bob@company.com", "Ñ" * 14], phones=["123456"]),
        P("ÑÑÑÑ", "Ñ" * 44, emails=["henry@company.com"], phones=["55556666"])],
    "ezvcard_John_Doe_BLACK_BERRY.vcf": [P("John Doe", "Acme Solutions",
                                           phones=["+96123456789"])],
    "ezvcard_John_Doe_EVOLUTION.vcf": [P("Mr. John Richter, James Doe Sr.", "IBM",
                                         "Money Counter", ["john.doe@ibm.com"],
                                         ["905-666-1234", "905-555-1234"], LICENCE)],
    "ezvcard_John_Doe_GMAIL.vcf": [P("Mr. John Richter, James Doe Sr.", "IBM", "Money Counter",
                                     ["john.doe@ibm.com"], ["905-555-1234", "905-666-1234"],
                                     LICENCE + "\nFavotire Color: Blue")],
    "ezvcard_John_Doe_IPHONE.vcf": [P(JOHN_DOE, "IBM", "Money Counter", ["john.doe@ibm.com"],
                                      IBM_PHONES)],
    "ezvcard_John_Doe_LOTUS_NOTES.vcf": [P("Mr. Doe John I Johny", "IBM", "Generic Accountant",
                                           ["john.doe@ibm.com", "billy_bob@gmail.com"],
                                           ["+1 (212) 204-34456", "00-1-212-555-7777"],
                                           LOTUS_NOTE)],
    "ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf": [P(
        "Mr. John Richter,James Doe Sr.", "IBM", "Money Counter", ["john.doe@ibm.com"],
        ["905-777-1234", "905-666-1234", "905-555-1234", *IBM_PHONES[3:]],
        LICENCE + "\nFavotire Color: Blue")],
    "ezvcard_John_Doe_MS_OUTLOOK.vcf": [P(JOHN_DOE, "IBM", "Money Counter", ["john.doe@ibm.cm"],
                                          ["(905) 555-1234", "(905) 666-1234"],
                                          OUTLOOK_LICENCE)],
    "ezvcard_fullcontact.vcf": [P(
        "Prefix FirstName MiddleName LastName Suffix", "Organization1", "Title1",
        [f"{kind}@example.com" for kind in ("home", "work", "school", "other", "custom")],
        [f"555-555-111{n}" for n in range(1, 10)], "Notes line 1\nNotes line 2")],
    "ezvcard_gmail-list.vcf": [P("Arnold Smith", emails=["asmithk@gmail.com"]),
                               P("Chris Beatle", emails=["chrisy55d@yahoo.com"]),
                               P("Doug White", emails=["dwhite@gmail.com"])],
    "ezvcard_gmail-single.vcf": [P(
        "Greg Dartmouth", "TheCompany", "TheJobTitle", ["gdartmouth@hotmail.com"],
        ["555 555 1111", "555 555 2222"],
        "This is GMail's note field.\nIt should be added as a NOTE type.\n"
        "ACustomField: CustomField")],
    "ezvcard_gmail-single2.vcf": [P(
        "VCard Test", "TheCompany", "TheJobTitle",
        [f"{kind}@example.com" for kind in ("email", "homeemail", "workemail", "otheremail",
                                             "customcategory")],
        [f"55555511{n}" for n in range(11, 22)],
        "note line 1\nnote line 2\nCustomField: field value")],
    "ezvcard_issue114.vcf": [P("Dummy, Dummy", "Dummy GmbH", emails=["dummy.dummy@dummy.com"],
                               phones=["+49 1234 56789", "+49 9876 54321"])],
    "ezvcard_outlook-2003.vcf": [P(
        "John Doe III", "Company, The", "The Job Title", ["jdoe@hotmail.com"],
        ["BusinessPhone", "HomePhone", "MobilePhone", "BusinessFaxPhone"],
        "This is the note field!!\nSecond line\n\nThird line is empty")],
    "ezvcard_outlook-2007.vcf": [P(
        "Mr. Michael Angstadt Jr.", "TheCompany", "TheJobTitle", ["mike.angstadt@gmail.com"],
        ["(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"],
        "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\n"
        "But I'm not sure because there's text formatting going on here.\n"
        "It does not preserve the formatting")],
    "ezvcard_rfc2426-example.vcf": [
        P("Frank Dawson", "Lotus Development Corporation",
          emails=["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"],
          phones=["+1-919-676-9515", "+1-919-676-9564"]),
        P("Tim Howes", "Netscape Communications Corp.", emails=["howes@netscape.com"],
          phones=["+1-415-937-3419", "+1-415-528-4164"])],
    "ezvcard_rfc6350-example.vcf": [P("Simon Perreault", "Viagenie",
                                      emails=["simon.perreault@viagenie.ca"],
                                      phones=["+1-418-656-9254;ext=102", "+1-418-262-6501"])],
    "ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf": [P(
        "John Doe", "TheOrganization", "TheTitle",
        ["doe.john@hotmail.com", "additional-email@company.com",
         *(f"additional-email{n}@company.com" for n in (1, 2, 3))],
        ["555-555-1111", "555-555-2222", "555-555-5555", "555-555-3333", "555-555-4444"],
        'This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the '
        '"note" field; even curse words.')],
    "folker_AnsiIssue.vcf": [P("Ralf Rastral")],
    "folker_AnsiIssueInvalidEncoding.vcf": [P("Ralf Rastral")],
    "folker_AnsiIssueNoEncoding.vcf": [P("Ralf Rastral")],
    # Cut off inside the note, in the middle of a character, with no END:VCARD.
    "folker_Cropped_2_1.vcf": [P("Maxl", "Firma", "Position",
                                 note="Kommentar ÄÄÄÄÄÄ ääääää ÖÖÖÖÖÖ öööööö ÜÜÜÜÜÜ üüüü")],
    "folker_LabelIssue.vcf": [WIMMEL],
    "folker_LabelTest1.vcf": [WIMMEL],
    "folker_LabelTest2.vcf": [WIMMEL],
    "folker_Library_v2.vcf": [MUSTERMANN],
    "folker_MultiAnsiFilterTests_German.vcf": [P("Sören Täve Nüßlebaum")],
    "folker_MultiAnsiFilterTests_Greek.vcf": [P("Βαγγέλης")],
    # Windows-1255 bytes and nothing in the file says so: read as Hebrew, whose words
    # they make (as Windows-1252 they would be runs of accents); the import says so.
    "folker_MultiAnsiFilterTests_Hebrew.vcf": [P("אפרים קישון")],
    "folker_MultiAnsiFilterTests_Murks.vcf": [P("Sören Täve Nüßlebaum")],
    "folker_MultiAnsiFilterTests_Ukrainian.vcf": [P("Віталій Володимирович Кличко")],
    "folker_MultiAnsiFilterTests_utf-8.vcf": [P("孔夫子")],
    "folker_MultiAnsiFilterTests_v3Ansi.vcf": [KINZEL, KMS],
    "folker_MultiAnsiFilterTests_v3Utf16Bom.vcf": [KINZEL, KMS],
    "folker_Outlook_v2.vcf": [MUSTERMANN],
    "folker_Photo_Outlook_v2.vcf": [SKIP],
    "folker_Photo_v3.vcf": [P("Emma Musterfrau", emails=["emma.musterfrau@googlemail.com"],
                              phones=["03456-78910", "03456-10987", "0160-45678910"])],
    "folker_Utf-8_Greek.vcf": [P("Βαγγέλης")],
    "folker_Utf-8_Hebrew.vcf": [P("אפרים קישון")],
    "folker_Utf-8_Ukrainian.vcf": [P("Віталій Володи\u0301мирович Кличко\u0301")],
    "folker_WhatsAppIssue.vcf": [P("zzMad Perla 45", phones=["7yy-zzz-xxx"],
                                   note="PERLA\nmadrid")],
    "folker_v2_1.vcf": [P("Maxl", "Firma", "Position",
                          [f"{who}@folker-kinzel.de" for who in ("privat", "business", "andere")],
                          ["Tel geschäftlich", "Tel privat", "Handy", "Other Phone", "Pager",
                           "0123/579", "Fax privat"],
                          "\n".join([KOMMENTAR] * 6))],
    "folker_v3.vcf": [KINZEL, P("KMS Außenstelle", "KMS Außenstelle",
                                emails=["blablö@blub.com"],
                                phones=["01234-303776", "03443-333440"])],
    "folker_v4.vcf": [
        P("Möhrke Gerda", "KiTa Öhrdingen", emails=["info@kinderland-blubblub.de"],
          phones=["034441/ 2 22 67", "034441/ 39 23 34"]),
        P("Dr. Max Horst Mustermann jr. Maxl SED", "SED", "Gröfaz",
          ["privat@freenet.de", "geschaeftlich@freenet.de", "sonstige@freenet.de",
           "nichts@wabbel.de"],
          ["Privattelefon", "Diensttelefon", "Fax", "Fax privat", "Fax geschäftlich",
           "Festnetz", "Mobil", "Pager", "sonstige", "ohne"], "Kommentar")],
    "vobject_radicale-1587.vcf": [P("Given Family")],
}


def read(name: str) -> list[Candidate | Skipped]:
    return list(vcard_items([FIXTURES / name]))


def numbered(contact: dict[str, str], kind: str) -> list[str]:
    return [value for key, value in contact.items() if key.rstrip("0123456789") == kind]


def test_the_table_covers_every_file() -> None:
    on_disk = {path.name for path in FIXTURES.glob("*.vcf")}
    assert on_disk - {"folker_Empty.vcf", "folker_LargeFile.vcf"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_card_reads_as_written(name: str) -> None:
    items = read(name)
    got: list[P | str] = []
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason.startswith("the card has no name"), item.reason
            got.append(SKIP)
            continue
        person = item.person
        got.append(P(person.name, person.company, person.title,
                     numbered(person.contact, "email"), numbered(person.contact, "phone"),
                     person.notes))
    assert got == EXPECTED[name]


def test_a_large_file_reads_every_card() -> None:
    names = [line.removeprefix("FN:")
             for line in (FIXTURES / "folker_LargeFile.vcf").read_text().splitlines()
             if line.startswith("FN:")]
    items = read("folker_LargeFile.vcf")
    assert len(names) == 1000
    assert [item.person.name for item in items if isinstance(item, Candidate)] == names


def test_an_empty_file_is_refused_as_empty() -> None:
    with pytest.raises(InteropError, match="is empty"):
        read("folker_Empty.vcf")


def test_every_guess_and_every_left_out_line_is_reported() -> None:
    warned = {name: [item.warnings for item in read(name) if isinstance(item, Candidate)]
              for name in EXPECTED}
    assert warned["folker_MultiAnsiFilterTests_Greek.vcf"] == [
        ["text is not UTF-8: read as Windows-1253, the character set the card declares"]]
    assert warned["folker_MultiAnsiFilterTests_Hebrew.vcf"] == [
        ["text is not UTF-8: read as Windows-1255 (Hebrew)"]]
    assert warned["folker_Cropped_2_1.vcf"] == [
        ["NOTE on line 8 is cut short",
         "the card has no END:VCARD; read up to the end of the file"]]
    assert warned["android_v21_adr_multiple_line.vcf"] == [
        ["lines 7, 8 left out: not vCard properties"]]
    # Clean files carry no notes at all.
    assert warned["ezvcard_John_Doe_IPHONE.vcf"] == [[]]
    assert warned["folker_Utf-8_Greek.vcf"] == [[]]
