from flask import Blueprint, request

from api.core import create_response, db
from api.models import Email, Person

main = Blueprint('main', __name__)


@main.route('/')
def index():
    return '<h1>Hello World!</h1>'


@main.route('/persons', methods=['GET'])
def get_persons():
    persons = Person.query.order_by(Person.id).all()
    return create_response(data={'persons': [p.to_dict() for p in persons]})


@main.route('/persons', methods=['POST'])
def create_person():
    data = request.get_json(silent=True) or {}
    if 'name' not in data:
        return create_response(status=422, message='No name provided for new person')
    person = Person(name=data['name'])
    person.emails = [Email(email=e) for e in data.get('emails', [])]
    db.session.add(person)
    db.session.commit()
    return create_response(data=person.to_dict(), status=201, message='Created person')
