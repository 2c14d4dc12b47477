FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=0
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# collectstatic needs a secret to import the settings; this one is thrown away with the layer.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0
# The reports volume is mounted on var/media: it must exist, owned by the app's user, in the image.
RUN useradd --create-home mentorat && mkdir -p /app/var/media /app/var/mail \
    && chown -R mentorat /app/var
USER mentorat
EXPOSE 8000
# The access log is the one line of every request, 4xx included (settings.LOGGING).
CMD ["gunicorn", "mentorat.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
