from django.core.management.base import BaseCommand

from mentorat.front.demo import demo_delete, seed_demo


class Command(BaseCommand):
    # Said to the people who run the demo, in French like the rest of its output.
    help = (
        "Charge le programme de démonstration de Bourgogne-Franche-Comté (sans rien dupliquer "
        "si on le relance) et affiche les identifiants. Avec --reset, supprime d'abord toutes "
        "les données de démonstration (programmes, comptes, e-mails envoyés à ces comptes) et "
        "les recrée à neuf."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Supprime les données de démonstration (y compris les e-mails envoyés aux "
                "comptes de démonstration) avant de les recréer."
            ),
        )

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            demo_delete()
            self.stdout.write("Données de démonstration supprimées.")
        logins = seed_demo()
        w = self.stdout.write
        w(self.style.SUCCESS("Données de démonstration prêtes."))
        w(f"Mot de passe de tous les comptes de démonstration : {logins.password}")
        w(f"  Équipe ARACT (staff)   : {logins.staff}")
        for email in logins.coordinators:
            w(f"  Coordination           : {email}")
        w(f"  Référent entreprise    : {logins.referents[0]}")
        if logins.waiting_mentor:
            w("  Un binôme attend les réponses de ses deux membres, essayez d'accepter :")
            w(f"  Mentor                 : {logins.waiting_mentor}")
            w(f"  Mentoré                : {logins.waiting_mentee}")
        if logins.meeting_mentor:
            w("  Un binôme de la promotion pilote qui se rencontre (charte, rencontres) :")
            w(f"  Mentor                 : {logins.meeting_mentor}")
            w(f"  Mentoré                : {logins.meeting_mentee}")
        if not logins.waiting_mentor:
            w(f"  Mentor                 : {logins.mentors[0]}")
            w(f"  Mentoré                : {logins.mentees[0]}")
