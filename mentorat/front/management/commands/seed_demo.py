from django.core.management.base import BaseCommand

from mentorat.front.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo programme of Bourgogne-Franche-Comté (idempotent) and print the logins."

    def handle(self, *args, **options):
        logins = seed_demo()
        w = self.stdout.write
        w(self.style.SUCCESS("Données de démonstration prêtes."))
        w(f"Mot de passe de tous les comptes de démonstration : {logins.password}")
        w(f"  Équipe ARACT (staff)   : {logins.staff}")
        for email in logins.coordinators:
            w(f"  Coordination           : {email}")
        w(f"  Référent entreprise    : {logins.referents[0]}")
        w(f"  Mentor                 : {logins.mentors[0]}")
        w(f"  Mentoré                : {logins.mentees[0]}")
