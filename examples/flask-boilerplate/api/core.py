from flask import jsonify
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_response(data=None, status=200, message=''):
    """The boilerplate's response shape: {success, message, result}."""
    return jsonify({'success': 200 <= status < 300, 'message': message, 'result': data or {}}), status
