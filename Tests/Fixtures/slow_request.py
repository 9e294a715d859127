#!/usr/bin/env python3
"""Sends one HTTP POST in two halves, to hold a request in flight.

  slow_request.py URL TOKEN BODY_FILE

Connects, sends the request head and the first half of the body, prints `half-sent`, then
waits for a line on its standard input before sending the rest. Prints the answer's status
code on one line and its body on the next.
"""
import http.client, sys, urllib.parse

url, token, body_file = sys.argv[1:4]
body = open(body_file, "rb").read()
parts = urllib.parse.urlsplit(url)
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
connection.putrequest("POST", parts.path)
connection.putheader("Authorization", "Bearer " + token)
connection.putheader("Content-Type", "application/json")
connection.putheader("Content-Length", str(len(body)))
connection.endheaders()
half = len(body) // 2
connection.send(body[:half])
print("half-sent", flush=True)
sys.stdin.readline()
connection.send(body[half:])
answer = connection.getresponse()
print(answer.status)
print(answer.read().decode())
