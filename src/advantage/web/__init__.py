"""The web dashboard: a FastAPI application with a JSON API and a plain HTML/JS front end."""

from advantage.web.app import DEFAULT_UPLOAD_LIMIT, create_app

__all__ = ["DEFAULT_UPLOAD_LIMIT", "create_app"]
