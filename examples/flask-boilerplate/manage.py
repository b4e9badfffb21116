"""The boilerplate's manage.py: `python manage.py runserver | recreate_db | test`.

The tutorial's boilerplate used Flask-Script's Manager, which Debian (and current Flask) no longer has;
this keeps the same command names with a small dispatcher.
"""
import sys

from api import app
from api.core import db

commands = {}


def command(f):
    commands[f.__name__] = f
    return f


@command
def runserver():
    app.run(debug=True, host='0.0.0.0', port=5000)


@command
def runworker():
    app.run(debug=False)


@command
def test():
    import unittest

    tests = unittest.TestLoader().discover('tests')
    result = unittest.TextTestRunner(verbosity=2).run(tests)
    sys.exit(0 if result.wasSuccessful() else 1)


@command
def recreate_db():
    """
    Recreates a local database. You probably should not use this on
    production.
    """
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.commit()
    print('recreate_db: tables dropped and created in', app.config['SQLALCHEMY_DATABASE_URI'].rsplit('/', 1)[-1])


if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print('usage: python manage.py {%s}' % ' | '.join(commands), file=sys.stderr)
        sys.exit(2)
    commands[sys.argv[1]]()
