"""hiring-advisor: a conversational hiring-advice chatbot for the AI engineer role."""

__version__ = "0.1.0"
