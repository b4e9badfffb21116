from api.core import db


class Person(db.Model):
    __tablename__ = 'person'
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String, nullable=False)
    emails = db.relationship('Email', backref='person', lazy=True, cascade='all, delete-orphan')

    def to_dict(self):
        return {'id': self.id, 'name': self.name, 'emails': [e.email for e in self.emails]}


class Email(db.Model):
    __tablename__ = 'email'
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String, nullable=False)
    person_id = db.Column(db.Integer, db.ForeignKey('person.id', ondelete='SET NULL'), nullable=True)
