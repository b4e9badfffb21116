from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class SignupForm(FlaskForm):
    name = StringField('Name', validators=[DataRequired(), Length(max=100)])
    # wtforms' Email() needs the email_validator package; a simple length check keeps it dependency-free
    email = StringField('Email', validators=[DataRequired(), Length(min=3, max=200)])
