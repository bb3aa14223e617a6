"""Runs a batch of STS or IAM calls with unmodified boto3 and prints their outcomes as JSON.

stdin:  {"endpoint": URL, "region": REGION, "calls": [CALL, ...]}
CALL:   {"operation": "assume_role", "service": "sts" | "iam" (default "sts"), "params": {...},
         "credentials": {"accessKeyId", "secretAccessKey", "sessionToken"?} | {"from": N},
         "validate": true}
        "from": N signs with the Credentials returned by call N of this batch. Without
        "credentials" the client has none (for the unsigned AssumeRoleWithWebIdentity).
        "validate": false turns off botocore's client-side parameter checks, so the server's own
        checks answer.
stdout: [{"ok": RESPONSE} | {"error": {"code", "message", "status"}}, ...], one per call, in order;
        RESPONSE without ResponseMetadata, timestamps as ISO 8601.

One process runs the whole batch: starting Python and importing boto3 costs ~0.3 s.
"""
import base64
import datetime
import json
import sys

import boto3
import botocore.config
import botocore.exceptions


def jsonable(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        # Blobs (CreateVirtualMFADevice's seed and QR code) as base64, as they travel on the wire.
        return base64.b64encode(value).decode('ascii')
    raise TypeError(f'{type(value).__name__} is not JSON serialisable')


def credentials_of(spec, outcomes):
    if spec is None:
        return None, None, None
    if 'from' in spec:
        earlier = outcomes[spec['from']]
        if 'ok' not in earlier:
            raise SystemExit(f'call {spec["from"]} failed, its credentials cannot sign: {earlier}')
        issued = earlier['ok']['Credentials']
        return issued['AccessKeyId'], issued['SecretAccessKey'], issued['SessionToken']
    return spec['accessKeyId'], spec['secretAccessKey'], spec.get('sessionToken')


def main():
    batch = json.load(sys.stdin)
    session = boto3.session.Session()
    outcomes = []
    for call in batch['calls']:
        key_id, secret, token = credentials_of(call.get('credentials'), outcomes)
        config = botocore.config.Config(retries={'total_max_attempts': 1}, parameter_validation=call.get('validate', True))
        client = session.client(call.get('service', 'sts'), endpoint_url=batch['endpoint'], region_name=batch['region'], config=config,
                             aws_access_key_id=key_id, aws_secret_access_key=secret, aws_session_token=token)
        try:
            response = getattr(client, call['operation'])(**call.get('params', {}))
            response.pop('ResponseMetadata', None)
            outcomes.append({'ok': json.loads(json.dumps(response, default=jsonable))})
        except botocore.exceptions.ClientError as e:
            outcomes.append({'error': {
                'code': e.response['Error']['Code'],
                'message': e.response['Error']['Message'],
                'status': e.response['ResponseMetadata']['HTTPStatusCode'],
            }})
    json.dump(outcomes, sys.stdout)


main()
