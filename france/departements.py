"""The French départements, once for the whole platform: code, name, region, the phrases a
sentence needs ("dans l’Yonne", "du Doubs"), centroid and land neighbours.

Metropolitan 01–95 with Corsica as 2A/2B, and the overseas départements 971–976 (101 in all).
Programmes validate and offer them; the matching engine reads neighbours (the proximity rule)
and centroids (the distance criterion); pages, e-mails and explanations name them. Names are
proper nouns: they are not translated, and use the typographic apostrophe (Côte-d’Or).

The article and the preposition are the ones French administration uses for each département
("dans le Doubs", "en Côte-d’Or", "dans le Territoire de Belfort", "à La Réunion"): the phrase
is `in_phrase`.

The neighbours were derived from the shared borders of the IGN Admin Express département
polygons (COG 2018, Licence Ouverte) and checked at commune level where a border is only a few
hundred metres long (Var–Vaucluse at Vinon-sur-Verdon / Beaumont-de-Pertuis is a border;
Bouches-du-Rhône and Alpes-de-Haute-Provence do not touch). Borders with other countries and the
sea are ignored; overseas départements have none. The latitude and longitude are the area
centroid of the département, rounded to 0.001° (about 100 m): a fair "somewhere in the
département" for a great-circle distance.

Plain Python: the engine (no Django) imports it.
"""

import math
from functools import cache, lru_cache
from typing import NamedTuple

from .typography import at_name, of_name, with_article


class Departement(NamedTuple):
    code: str
    name: str
    region: str
    article: str  # "le", "la", "les", "l’" or "" (Paris, Mayotte, La Réunion)
    preposition: str  # "dans", "en" or "à", as in `in_phrase`
    latitude: float
    longitude: float
    neighbours: frozenset[str]

    @property
    def with_article(self) -> str:
        """ "l’Yonne", "le Doubs", "la Côte-d’Or", "Paris"."""
        return with_article(self.article, self.name)

    @property
    def in_phrase(self) -> str:
        """ "dans l’Yonne", "dans le Doubs", "en Côte-d’Or", "à Paris", "à La Réunion"."""
        if self.preposition == "en":
            return f"en {self.name}"
        if self.preposition == "à":
            return at_name(self.with_article)
        return f"dans {self.with_article}"

    @property
    def of_phrase(self) -> str:
        """ "de l’Yonne", "du Doubs", "des Côtes-d’Armor", "de Paris"."""
        return of_name(self.with_article)

    @property
    def label(self) -> str:
        """ "Doubs (25)"."""
        return f"{self.name} ({self.code})"


# (code, name, article, preposition, latitude, longitude, neighbours separated by spaces)
_ROWS = (
    ("01", "Ain", "l’", "dans", 46.100, 5.349, "38 39 69 71 73 74"),
    ("02", "Aisne", "l’", "dans", 49.561, 3.559, "08 51 59 60 77 80"),
    ("03", "Allier", "l’", "dans", 46.394, 3.188, "18 23 42 58 63 71"),
    ("04", "Alpes-de-Haute-Provence", "les", "dans", 44.106, 6.245, "05 06 26 83 84"),
    ("05", "Hautes-Alpes", "les", "dans", 44.664, 6.265, "04 26 38 73"),
    ("06", "Alpes-Maritimes", "les", "dans", 43.938, 7.116, "04 83"),
    ("07", "Ardèche", "l’", "en", 44.753, 4.426, "26 30 38 42 43 48 84"),
    ("08", "Ardennes", "les", "dans", 49.616, 4.641, "02 51 55"),
    ("09", "Ariège", "l’", "en", 42.921, 1.504, "11 31 66"),
    ("10", "Aube", "l’", "dans", 48.305, 4.161, "21 51 52 77 89"),
    ("11", "Aude", "l’", "dans", 43.103, 2.414, "09 31 34 66 81"),
    ("12", "Aveyron", "l’", "en", 44.281, 2.679, "15 30 34 46 48 81 82"),
    ("13", "Bouches-du-Rhône", "les", "dans", 43.545, 5.085, "30 83 84"),
    ("14", "Calvados", "le", "dans", 49.100, -0.362, "27 50 61"),
    ("15", "Cantal", "le", "dans", 45.051, 2.669, "12 19 43 46 48 63"),
    ("16", "Charente", "la", "en", 45.719, 0.203, "17 24 79 86 87"),
    ("17", "Charente-Maritime", "la", "en", 45.775, -0.679, "16 24 33 79 85"),
    ("18", "Cher", "le", "dans", 47.066, 2.491, "03 23 36 41 45 58"),
    ("19", "Corrèze", "la", "en", 45.357, 1.878, "15 23 24 46 63 87"),
    ("21", "Côte-d’Or", "la", "en", 47.426, 4.772, "10 39 52 58 70 71 89"),
    ("22", "Côtes-d’Armor", "les", "dans", 48.441, -2.865, "29 35 56"),
    ("23", "Creuse", "la", "en", 46.091, 2.018, "03 18 19 36 63 87"),
    ("24", "Dordogne", "la", "en", 45.105, 0.741, "16 17 19 33 46 47 87"),
    ("25", "Doubs", "le", "dans", 47.166, 6.363, "39 70 90"),
    ("26", "Drôme", "la", "dans", 44.685, 5.167, "04 05 07 38 84"),
    ("27", "Eure", "l’", "dans", 49.114, 0.996, "14 28 60 61 76 78 95"),
    ("28", "Eure-et-Loir", "l’", "en", 48.388, 1.370, "27 41 45 61 72 78 91"),
    ("29", "Finistère", "le", "dans", 48.262, -4.060, "22 56"),
    ("2A", "Corse-du-Sud", "la", "en", 41.864, 8.988, "2B"),
    ("2B", "Haute-Corse", "la", "en", 42.395, 9.206, "2A"),
    ("30", "Gard", "le", "dans", 43.994, 4.180, "07 12 13 34 48 84"),
    ("31", "Haute-Garonne", "la", "en", 43.359, 1.175, "09 11 32 65 81 82"),
    ("32", "Gers", "le", "dans", 43.693, 0.453, "31 40 47 64 65 82"),
    ("33", "Gironde", "la", "en", 44.839, -0.583, "17 24 40 47"),
    ("34", "Hérault", "l’", "dans", 43.579, 3.369, "11 12 30 81"),
    ("35", "Ille-et-Vilaine", "l’", "en", 48.155, -1.638, "22 44 49 50 53 56"),
    ("36", "Indre", "l’", "dans", 46.778, 1.576, "18 23 37 41 86 87"),
    ("37", "Indre-et-Loire", "l’", "en", 47.258, 0.691, "36 41 49 72 86"),
    ("38", "Isère", "l’", "en", 45.264, 5.574, "01 05 07 26 42 69 73"),
    ("39", "Jura", "le", "dans", 46.729, 5.697, "01 21 25 70 71"),
    ("40", "Landes", "les", "dans", 43.966, -0.784, "32 33 47 64"),
    ("41", "Loir-et-Cher", "le", "dans", 47.617, 1.428, "18 28 36 37 45 72"),
    ("42", "Loire", "la", "dans", 45.728, 4.165, "03 07 38 43 63 69 71"),
    ("43", "Haute-Loire", "la", "en", 45.128, 3.806, "07 15 42 48 63"),
    ("44", "Loire-Atlantique", "la", "en", 47.363, -1.679, "35 49 56 85"),
    ("45", "Loiret", "le", "dans", 47.912, 2.344, "18 28 41 58 77 89 91"),
    ("46", "Lot", "le", "dans", 44.625, 1.606, "12 15 19 24 47 82"),
    ("47", "Lot-et-Garonne", "le", "en", 44.368, 0.461, "24 32 33 40 46 82"),
    ("48", "Lozère", "la", "en", 44.517, 3.500, "07 12 15 30 43"),
    ("49", "Maine-et-Loire", "le", "en", 47.390, -0.559, "35 37 44 53 72 79 85 86"),
    ("50", "Manche", "la", "dans", 49.081, -1.329, "14 35 53 61"),
    ("51", "Marne", "la", "dans", 48.950, 4.239, "02 08 10 52 55 77"),
    ("52", "Haute-Marne", "la", "en", 48.110, 5.226, "10 21 51 55 70 88"),
    ("53", "Mayenne", "la", "en", 48.147, -0.657, "35 49 50 61 72"),
    ("54", "Meurthe-et-Moselle", "la", "en", 48.789, 6.162, "55 57 67 88"),
    ("55", "Meuse", "la", "dans", 48.991, 5.381, "08 51 52 54 88"),
    ("56", "Morbihan", "le", "dans", 47.847, -2.811, "22 29 35 44"),
    ("57", "Moselle", "la", "en", 49.038, 6.661, "54 67"),
    ("58", "Nièvre", "la", "dans", 47.116, 3.504, "03 18 21 45 71 89"),
    ("59", "Nord", "le", "dans", 50.448, 3.216, "02 62 80"),
    ("60", "Oise", "l’", "dans", 49.410, 2.425, "02 27 76 77 80 95"),
    ("61", "Orne", "l’", "dans", 48.623, 0.128, "14 27 28 50 53 72"),
    ("62", "Pas-de-Calais", "le", "dans", 50.494, 2.286, "59 80"),
    ("63", "Puy-de-Dôme", "le", "dans", 45.726, 3.140, "03 15 19 23 42 43"),
    ("64", "Pyrénées-Atlantiques", "les", "dans", 43.256, -0.762, "32 40 65"),
    ("65", "Hautes-Pyrénées", "les", "dans", 43.054, 0.164, "31 32 64"),
    ("66", "Pyrénées-Orientales", "les", "dans", 42.600, 2.522, "09 11"),
    ("67", "Bas-Rhin", "le", "dans", 48.671, 7.552, "54 57 68 88"),
    ("68", "Haut-Rhin", "le", "dans", 47.859, 7.274, "67 88 90"),
    ("69", "Rhône", "le", "dans", 45.871, 4.641, "01 38 42 71"),
    ("70", "Haute-Saône", "la", "en", 47.641, 6.087, "21 25 39 52 88 90"),
    ("71", "Saône-et-Loire", "la", "en", 46.645, 4.543, "01 03 21 39 42 58 69"),
    ("72", "Sarthe", "la", "dans", 47.995, 0.223, "28 37 41 49 53 61"),
    ("73", "Savoie", "la", "en", 45.478, 6.443, "01 05 38 74"),
    ("74", "Haute-Savoie", "la", "en", 46.035, 6.428, "01 73"),
    ("75", "Paris", "", "à", 48.857, 2.343, "92 93 94"),
    ("76", "Seine-Maritime", "la", "en", 49.655, 1.027, "27 60 80"),
    ("77", "Seine-et-Marne", "la", "en", 48.627, 2.934, "02 10 45 51 60 89 91 93 94 95"),
    ("78", "Yvelines", "les", "dans", 48.815, 1.841, "27 28 91 92 95"),
    ("79", "Deux-Sèvres", "les", "dans", 46.557, -0.318, "16 17 49 85 86"),
    ("80", "Somme", "la", "dans", 49.958, 2.276, "02 59 60 62 76"),
    ("81", "Tarn", "le", "dans", 43.786, 2.166, "11 12 31 34 82"),
    ("82", "Tarn-et-Garonne", "le", "en", 44.086, 1.282, "12 31 32 46 47 81"),
    ("83", "Var", "le", "dans", 43.442, 6.245, "04 06 13 84"),
    ("84", "Vaucluse", "le", "dans", 44.007, 5.177, "04 07 13 26 30 83"),
    ("85", "Vendée", "la", "en", 46.675, -1.298, "17 44 49 79"),
    ("86", "Vienne", "la", "dans", 46.565, 0.459, "16 36 37 49 79 87"),
    ("87", "Haute-Vienne", "la", "en", 45.892, 1.235, "16 19 23 24 36 86"),
    ("88", "Vosges", "les", "dans", 48.196, 6.380, "52 54 55 67 68 70 90"),
    ("89", "Yonne", "l’", "dans", 47.841, 3.563, "10 21 45 58 77"),
    ("90", "Territoire de Belfort", "le", "dans", 47.632, 6.929, "25 68 70 88"),
    ("91", "Essonne", "l’", "dans", 48.523, 2.243, "28 45 77 78 92 94"),
    ("92", "Hauts-de-Seine", "les", "dans", 48.848, 2.246, "75 78 91 93 94 95"),
    ("93", "Seine-Saint-Denis", "la", "en", 48.918, 2.478, "75 77 92 94 95"),
    ("94", "Val-de-Marne", "le", "dans", 48.777, 2.469, "75 77 91 92 93"),
    ("95", "Val-d’Oise", "le", "dans", 49.083, 2.131, "27 60 77 78 92 93"),
    ("971", "Guadeloupe", "la", "en", 16.198, -61.539, ""),
    ("972", "Martinique", "la", "en", 14.653, -61.018, ""),
    ("973", "Guyane", "la", "en", 3.924, -53.235, ""),
    ("974", "La Réunion", "", "à", -21.133, 55.533, ""),
    ("976", "Mayotte", "", "à", -12.821, 45.147, ""),
)

_REGIONS = {
    "Auvergne-Rhône-Alpes": "01 03 07 15 26 38 42 43 63 69 73 74",
    "Bourgogne-Franche-Comté": "21 25 39 58 70 71 89 90",
    "Bretagne": "22 29 35 56",
    "Centre-Val de Loire": "18 28 36 37 41 45",
    "Corse": "2A 2B",
    "Grand Est": "08 10 51 52 54 55 57 67 68 88",
    "Hauts-de-France": "02 59 60 62 80",
    "Île-de-France": "75 77 78 91 92 93 94 95",
    "Normandie": "14 27 50 61 76",
    "Nouvelle-Aquitaine": "16 17 19 23 24 33 40 47 64 79 86 87",
    "Occitanie": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "Pays de la Loire": "44 49 53 72 85",
    "Provence-Alpes-Côte d’Azur": "04 05 06 13 83 84",
    "Guadeloupe": "971",
    "Martinique": "972",
    "Guyane": "973",
    "La Réunion": "974",
    "Mayotte": "976",
}
_REGION_OF = {code: region for region, codes in _REGIONS.items() for code in codes.split()}

DEPARTEMENTS: dict[str, Departement] = {
    code: Departement(
        code, name, _REGION_OF[code], article, preposition, lat, lon, frozenset(neighbours.split())
    )
    for code, name, article, preposition, lat, lon, neighbours in _ROWS
}

# (value, label) pairs for a form's select, e.g. "21 – Côte-d’Or".
DEPARTEMENT_CHOICES: list[tuple[str, str]] = [
    (code, f"{code} – {departement.name}") for code, departement in DEPARTEMENTS.items()
]

EARTH_RADIUS_KM = 6371.0


def is_departement(code: str) -> bool:
    """Whether ``code`` is a French département code exactly as stored ("21", "2A", "974")."""
    return code in DEPARTEMENTS


@lru_cache(maxsize=4096)  # few distinct values, asked for again and again
def normalise_departement(code: str | None) -> str:
    """The canonical form of a département code ("2a" → "2A", "1" → "01"), "" when unknown.

    A code that is not a French département (a typo, the old "20" of Corsica) is unknown too.
    """
    code = (code or "").strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code if code in DEPARTEMENTS else ""


def within_reach(a: str, b: str) -> bool:
    """Whether two known départements are the same or share a border (the proximity rule)."""
    if a not in DEPARTEMENTS or b not in DEPARTEMENTS:
        return False
    return a == b or b in DEPARTEMENTS[a].neighbours


@cache
def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance between the centroids of two départements, None if one is unknown."""
    if a not in DEPARTEMENTS or b not in DEPARTEMENTS:
        return None
    if a == b:
        return 0.0
    lat1, lon1 = math.radians(DEPARTEMENTS[a].latitude), math.radians(DEPARTEMENTS[a].longitude)
    lat2, lon2 = math.radians(DEPARTEMENTS[b].latitude), math.radians(DEPARTEMENTS[b].longitude)
    # Haversine: well-conditioned for the short distances that matter here.
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
