from sqlalchemy import Column, DateTime, Integer, String

from database import Base


class Signups(Base):
    __tablename__ = 'signups'

    id = Column(Integer, primary_key=True)
    name = Column(String(100))
    email = Column(String(200), unique=True)
    date_signed_up = Column(DateTime)

    def __repr__(self):
        return '<Signup %r>' % self.email
