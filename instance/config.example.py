# Copy to instance/config.py and adjust. Values here override config.py.
# SECRET_KEY = "a long random string"
# ID_HASH_KEY = "another long random string, never changed once data exists"
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://user@localhost/housing"
# MAIL_HOST = "smtp.example.org"
