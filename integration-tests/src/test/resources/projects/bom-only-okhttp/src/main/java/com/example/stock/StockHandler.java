package com.example.stock;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.PojoRequestHandler;
import dev.fctracing.FcTracing;
import dev.fctracing.annotations.FcHandler;
import dev.fctracing.annotations.Traced;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Asks a stock service over HTTP, through OkHttp instrumented with OpenTelemetry's library; the event is its URL. */
@FcHandler
public class StockHandler implements PojoRequestHandler<String, String> {

  /** Built once, before the first invocation: FcTracing.openTelemetry() finds the SDK when a span starts. */
  private static final Call.Factory HTTP =
      OkHttpTelemetry.builder(FcTracing.openTelemetry()).build().createCallFactory(new OkHttpClient());

  @Override
  public String handleRequest(String stockUrl, Context context) {
    return fetchStock(HTTP, stockUrl);
  }

  @Traced("fetch-stock")
  String fetchStock(Call.Factory http, String stockUrl) {
    try (Response response = http.newCall(new Request.Builder().url(stockUrl).build()).execute()) {
      return response.body() == null ? "" : response.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
