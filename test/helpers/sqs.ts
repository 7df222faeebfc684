// SQS on the test moto_server, for S3 → SQS event notifications, without an SQS SDK package: moto
// speaks SQS's JSON protocol (POST /, X-Amz-Target: AmazonSQS.<Action>, application/x-amz-json-1.0).
// Observed on moto 5.2: moto_server picks the service from the Authorization header's credential scope
// (…/us-east-1/sqs/aws4_request) and does not check the signature, so a fixed header is enough.
// S3 notifications are sent while the PutObject request is handled, so they are queued when it returns.
import { PutBucketNotificationConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';

const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0';

export interface SqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
}

async function sqs<T>(action: string, body: Record<string, unknown>, endpoint = inject('s3Endpoint')): Promise<T> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { authorization: AUTH, 'x-amz-target': `AmazonSQS.${action}`, 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`SQS ${action} failed: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Creates a queue; returns its URL and ARN (moto's account is 123456789012). */
export async function createQueue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs<{ QueueUrl: string }>('CreateQueue', { QueueName: name });
  const { Attributes } = await sqs<{ Attributes: { QueueArn: string } }>('GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
  return { url: QueueUrl, arn: Attributes.QueueArn };
}

/** Sends every ObjectCreated event under `prefix` of `bucket` to the queue (S3 then queues an s3:TestEvent). */
export async function notifyQueueOnCreate(client: S3Client, bucket: string, queueArn: string, prefix: string): Promise<void> {
  await client.send(new PutBucketNotificationConfigurationCommand({
    Bucket: bucket,
    NotificationConfiguration: {
      QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } } }],
    },
  }));
}

/** Receives (and deletes) every message now in the queue, oldest first. */
export async function drainQueue(url: string): Promise<SqsMessage[]> {
  const all: SqsMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqs<{ Messages?: SqsMessage[] }>('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 });
    if (Messages.length === 0) return all;
    all.push(...Messages);
    for (const m of Messages) await sqs('DeleteMessage', { QueueUrl: url, ReceiptHandle: m.ReceiptHandle });
  }
}

/**
 * The event Lambda hands a function subscribed to the queue (AWS Lambda developer guide, "Using Lambda
 * with Amazon SQS", example SQS message event): one record per message, the S3 notification as `body` text.
 */
export function lambdaSqsEvent(messages: readonly SqsMessage[], queueArn: string): { Records: Record<string, unknown>[] } {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}
