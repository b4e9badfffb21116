# app.py
from flask import Flask
import os
import psycopg2

app = Flask(__name__)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://user:password@db:5432/mydatabase")

def get_db_connection():
    try:
        conn = psycopg2.connect(DATABASE_URL)
        return conn
    except psycopg2.Error as e:
        print(f"Error connecting to database: {e}")
        return None

@app.route('/')
def hello_world():
    conn = get_db_connection()
    if conn:
        cur = conn.cursor()
        cur.execute("SELECT version();")
        db_version = cur.fetchone()
        cur.close()
        conn.close()
        return f"Hello, World! PostgreSQL version: {db_version[0]}"
    else:
        return "Hello, World! Could not connect to the database."

if __name__ == '__main__':
    app.run(debug=True, host='0.0.0.0')
