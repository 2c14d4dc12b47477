import pytest

from france.departements import DEPARTEMENT_CHOICES, DEPARTEMENTS, is_departement

METROPOLITAN = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
OVERSEAS = ["971", "972", "973", "974", "976"]


def test_there_are_the_101_departements_and_no_other():
    assert sorted(DEPARTEMENTS) == sorted(METROPOLITAN + OVERSEAS)
    assert len(DEPARTEMENT_CHOICES) == 101


@pytest.mark.parametrize("code", METROPOLITAN + OVERSEAS)
def test_each_departement_has_its_code_name_region_and_phrases(code):
    departement = DEPARTEMENTS[code]
    assert departement.code == code
    assert departement.name and departement.region
    assert departement.name in departement.in_phrase
    assert departement.in_phrase.startswith(("dans ", "en ", "à "))
    assert departement.of_phrase.startswith(("de ", "du ", "des ", "d’"))
    assert departement.label == f"{departement.name} ({code})"
    assert "'" not in departement.in_phrase + departement.of_phrase  # the typographic ’ only
    assert "  " not in departement.in_phrase and "’ " not in departement.in_phrase
    assert is_departement(code)


@pytest.mark.parametrize(
    ("code", "in_phrase", "of_phrase"),
    [
        ("89", "dans l’Yonne", "de l’Yonne"),
        ("25", "dans le Doubs", "du Doubs"),
        ("21", "en Côte-d’Or", "de la Côte-d’Or"),
        ("90", "dans le Territoire de Belfort", "du Territoire de Belfort"),
        ("75", "à Paris", "de Paris"),
        ("974", "à La Réunion", "de La Réunion"),
        ("976", "à Mayotte", "de Mayotte"),
        ("971", "en Guadeloupe", "de la Guadeloupe"),
        ("22", "dans les Côtes-d’Armor", "des Côtes-d’Armor"),
        ("92", "dans les Hauts-de-Seine", "des Hauts-de-Seine"),
        ("2B", "en Haute-Corse", "de la Haute-Corse"),
        ("34", "dans l’Hérault", "de l’Hérault"),
        ("95", "dans le Val-d’Oise", "du Val-d’Oise"),
        ("01", "dans l’Ain", "de l’Ain"),
        ("13", "dans les Bouches-du-Rhône", "des Bouches-du-Rhône"),
        ("70", "en Haute-Saône", "de la Haute-Saône"),
        ("38", "en Isère", "de l’Isère"),
        ("93", "en Seine-Saint-Denis", "de la Seine-Saint-Denis"),
    ],
)
def test_tricky_departements_read_as_french_administration_writes_them(code, in_phrase, of_phrase):
    assert DEPARTEMENTS[code].in_phrase == in_phrase
    assert DEPARTEMENTS[code].of_phrase == of_phrase


def test_regions_are_the_thirteen_metropolitan_and_five_overseas():
    regions = {d.region for d in DEPARTEMENTS.values()}
    assert len(regions) == 18
    assert DEPARTEMENTS["89"].region == DEPARTEMENTS["90"].region == "Bourgogne-Franche-Comté"
    assert DEPARTEMENTS["2A"].region == "Corse"
