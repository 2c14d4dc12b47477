"""Defaults that make a new programme usable in minutes. French is the source language here:
these are content the coordinator edits, not interface strings."""

# Grouped from the manager's own practice to the company's social climate. Every topic of the
# sample files in shared/data is here, so that a programme created from defaults accepts them.
DEFAULT_TOPICS = [
    # The manager and their team.
    "Prise de poste de manager",
    "Animer une équipe",
    "Délégation et autonomie",
    "Gestion des priorités",
    "Organisation du travail",
    # Change in the company.
    "Conduire le changement",
    "Innovation managériale",
    "Transition numérique",
    "Télétravail et travail hybride",
    # People over their career.
    "Recrutement et fidélisation",
    "Intégration des nouveaux salariés",
    "Management intergénérationnel",
    "Égalité professionnelle",
    "Reconnaissance au travail",
    # Health and quality of life at work.
    "Qualité de vie et des conditions de travail",
    "Équilibre des temps de vie",
    "Prévention des risques psychosociaux",
    "Prévention de l'usure professionnelle",
    # Relations at work.
    "Dialogue social",
    "Gestion des conflits",
]

DEFAULT_OBJECTIVES = [
    "Renforcer les pratiques managériales des mentorés",
    "Améliorer la qualité de vie et des conditions de travail dans les entreprises participantes",
    "Créer un réseau durable de managers entre entreprises du territoire",
]

DEFAULT_INDICATORS = [
    ("Binômes actifs", "Part des binômes ayant au moins une rencontre par mois", "≥ 80 %"),
    (
        "Évolution des pratiques managériales",
        "Questionnaires initial et final : progression moyenne déclarée",
        "+1 point sur 5",
    ),
    ("Satisfaction des participants", "Questionnaire final : part de satisfaits", "≥ 85 %"),
]

DEFAULT_CHARTER = """Charte du binôme de mentorat

1. Confidentialité : ce qui se dit dans le binôme reste dans le binôme. La plateforme n'enregistre aucun contenu de nos échanges.
2. Engagement : nous nous rencontrons régulièrement, aux dates convenues ensemble, pendant toute la durée du programme.
3. Bienveillance : nous nous écoutons sans jugement, dans le respect de chacun et de son entreprise.
4. Absence de lien hiérarchique : mentor et mentoré n'appartiennent pas à la même organisation et n'ont aucun lien de subordination ni commercial direct.
5. Droit d'arrêter : chacun peut mettre fin à la relation à tout moment, en prévenant la coordination, sans avoir à se justifier.
"""
