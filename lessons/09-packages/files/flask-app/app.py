from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "<h1>Hello from Flask in a container!</h1>\n"


if __name__ == "__main__":
    # 0.0.0.0: answer on the container's network interface, not only inside the container.
    app.run(host="0.0.0.0", port=5000)
