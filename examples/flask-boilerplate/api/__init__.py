import os

from flask import Flask
from flask_migrate import Migrate

from config import config
from api.core import db

# FLASK_ENV=docker (set in the Dockerfile) selects the Docker configuration
env = os.environ.get('FLASK_ENV', 'dev')
app = Flask(__name__)
app.config.from_object(config[env])
db.init_app(app)
migrate = Migrate(app, db)

from api.views.main import main  # noqa: E402
app.register_blueprint(main)
